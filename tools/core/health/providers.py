"""Optional providers: a chat model (LLM copy and planning), a local image model, a GPU. Each is `off` until
configured; once configured it must work, or the doctor says how to fix or unset it."""

from __future__ import annotations

from pathlib import Path

from tools.core.chat_model import load_chat_model
from tools.core.errors import NotConfiguredError
from tools.core.health.model import Check
from tools.core.settings import Settings


def check_llm(settings: Settings) -> Check:
    """HOOKLINE_MODEL opens through the one chat-model loader (this builds the client; it sends no request)."""
    if not settings.model:
        return Check(name="llm", status="off", required=False,
                     detail="no HOOKLINE_MODEL: the offline planner and template copy are used",
                     fix="To use an LLM, set HOOKLINE_MODEL=provider:model (e.g. openai:gpt-4o) and the provider's "
                         "API key, and install its LangChain package (e.g. `pip install langchain-openai`).")
    try:
        model = load_chat_model(settings.model)
    except NotConfiguredError as exc:
        return Check(name="llm", status="fail", detail=f"HOOKLINE_MODEL={settings.model!r} does not open",
                     fix=str(exc))
    return Check(name="llm", status="ok", detail=f"HOOKLINE_MODEL={settings.model!r} opens ({type(model).__name__})")


def check_image_model(settings: Settings) -> Check:
    if settings.image_model is None:
        return Check(name="image model", status="off", required=False,
                     detail="no HOOKLINE_IMAGE_MODEL: variants use brand backgrounds, no generated scenes",
                     fix="To generate scenes, set HOOKLINE_IMAGE_MODEL to a local diffusers folder (saved with "
                         "save_pretrained) on a machine with a GPU, or on the GPU workers.")
    path = Path(settings.image_model).expanduser()
    if not (path / "model_index.json").is_file():
        return Check(name="image model", status="fail",
                     detail=f"HOOKLINE_IMAGE_MODEL={path} is not a diffusers model folder (no model_index.json)",
                     fix="Point it at a folder written by `pipeline.save_pretrained(...)`, or unset it.")
    return Check(name="image model", status="ok", detail=f"diffusers folder {path}")


def check_gpu(settings: Settings) -> Check:
    """CUDA through torch (imported here only). Without one, image generation needs GPU workers on the queue."""
    try:
        import torch
    except ImportError:
        return Check(name="gpu", status="off", required=False, detail="torch is not installed",
                     fix="Reinstall Hookline into this virtualenv: `pip install -e .`.")
    if torch.cuda.is_available():
        names = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
        return Check(name="gpu", status="ok", required=False, detail=f"CUDA: {', '.join(names)}")
    if settings.image_model is not None and not settings.queue_url:
        return Check(name="gpu", status="fail", detail="no CUDA GPU here, and no queue to send generation to",
                     fix="Run on a GPU machine, or set HOOKLINE_QUEUE_URL and start `hookline worker --gpu` on one; "
                         "or unset HOOKLINE_IMAGE_MODEL to use brand backgrounds.")
    return Check(name="gpu", status="off", required=False, detail="no CUDA GPU here",
                 fix="Only image generation needs one (HOOKLINE_IMAGE_MODEL); it can run on `hookline worker --gpu` "
                     "machines through HOOKLINE_QUEUE_URL.")
