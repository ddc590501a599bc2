"""The MiniLM embedding function registered with Chroma under the name `hookline-minilm`.

Why registered: Chroma stores each collection's embedding-function name and config; when a client later opens the
collection it rebuilds the function from that record. Registering ours (this module must be imported before
`get_collection`) means Chroma never falls back to its default ONNX function, which downloads a model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from vectorstore.model import BUNDLED_MODEL_NAME, bundled_model_path, embed_texts

EMBEDDING_FUNCTION_NAME = "hookline-minilm"


@register_embedding_function
class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """all-MiniLM-L6-v2 through sentence-transformers, unit-normalised, cosine space."""

    def __init__(self, model_path: str | Path | None = None) -> None:
        self.model_path = Path(model_path) if model_path else bundled_model_path()

    def __call__(self, input: Documents) -> Embeddings:
        return list(embed_texts(self.model_path, list(input)))

    @staticmethod
    def name() -> str:
        return EMBEDDING_FUNCTION_NAME

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return {"model": BUNDLED_MODEL_NAME, "model_path": str(self.model_path)}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbeddingFunction:
        # The stored path may come from another machine (server mode): fall back to the bundled copy.
        stored = config.get("model_path")
        path = Path(stored) if stored and Path(stored).exists() else None
        return MiniLMEmbeddingFunction(path)

    def validate_config_update(self, old_config: dict[str, Any], new_config: dict[str, Any]) -> None:
        return  # moving the model folder is allowed

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        return
