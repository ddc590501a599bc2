"""The one way Hookline opens a chat model: `HOOKLINE_MODEL` (`provider:model`) through LangChain's `init_chat_model`.

Why one loader: the agent's planner and the creator's copywriter must accept the same ids and fail the same clear way
when the provider package or its credentials are missing. LangChain is imported only here, only when a model is
configured, so offline runs and the CLI's light commands never pay for it.
"""

from __future__ import annotations

from typing import Any

from tools.core.errors import NotConfiguredError


def load_chat_model(model: Any, **kwargs: Any) -> Any:
    """The chat model for `model` (`provider:model`, e.g. `openai:gpt-4o`); a ready model object is returned as is
    (tests pass a scripted one). `kwargs` (e.g. `temperature`) go to `init_chat_model`."""
    if not isinstance(model, str):
        return model
    from langchain.chat_models import init_chat_model

    try:
        return init_chat_model(model, **kwargs)
    except ImportError as exc:
        raise NotConfiguredError(
            f"HOOKLINE_MODEL={model!r} needs its LangChain provider package ({exc}); install it "
            "(e.g. `pip install langchain-openai`) or unset HOOKLINE_MODEL to work offline (offline planner, "
            "template copy)."
        ) from exc
    except Exception as exc:  # bad id, missing credentials: every provider fails differently
        raise NotConfiguredError(
            f"HOOKLINE_MODEL={model!r} could not be opened ({type(exc).__name__}: {exc}); use 'provider:model' "
            "such as 'openai:gpt-4o' with the provider's credentials set, or unset HOOKLINE_MODEL to work offline "
            "(offline planner, template copy)."
        ) from exc
