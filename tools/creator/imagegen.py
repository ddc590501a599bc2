"""Diffusion scenes: a local diffusers model folder (HOOKLINE_IMAGE_MODEL), batched, seeded, memory-aware; scenes
around the brand's product (text-to-image scene, product pasted, image-to-image pass to blend it, product pasted
again so its pixels stay exactly the brand's).

Why this shape: throughput on a GPU comes from batching prompts (one UNet pass per step for the whole batch); the
largest batch that fits depends on the card and the model, so we start from an estimate and halve on OOM instead of
failing the job. Nothing is ever downloaded: the folder must hold a `save_pretrained` pipeline.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tools.core.errors import InputError, NotConfiguredError

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)
_cache: dict[tuple[str, str], ImageGenerator] = {}
_cache_lock = threading.Lock()


@dataclass
class ImageGenerator:
    """A loaded text-to-image pipeline and the batch size that last worked on this device."""

    model_dir: Path
    pipeline: Any
    device: str
    batch_size: int
    steps: int = 25
    guidance_scale: float = 6.0
    native_size: tuple[int, int] = (512, 512)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _img2img: Any = None  # the image-to-image view of the same pipeline, built on first use

    def generate(self, prompts: list[str], seeds: list[int], *, steps: int | None = None,
                 size: tuple[int, int] | None = None, negative_prompt: str | None = None,
                 batch_size: int | None = None) -> list[Image.Image]:
        """One image per prompt, reproducible per seed, in batches; halves the batch on CUDA OOM."""
        import torch

        if len(prompts) != len(seeds):
            raise ValueError("one seed per prompt")
        width, height = size or self.native_size
        results: list[Image.Image] = []
        batch = max(1, batch_size or self.batch_size)
        index = 0
        with self.lock:  # one pipeline per process; concurrent callers queue here
            while index < len(prompts):
                chunk = slice(index, index + batch)
                generators = [torch.Generator(device=self.device).manual_seed(s) for s in seeds[chunk]]
                try:
                    output = self.pipeline(
                        prompt=prompts[chunk], negative_prompt=[negative_prompt] * len(generators)
                        if negative_prompt else None, num_inference_steps=steps or self.steps,
                        guidance_scale=self.guidance_scale, width=width, height=height, generator=generators,
                    )
                except torch.OutOfMemoryError:
                    if batch == 1:
                        raise
                    batch = max(1, batch // 2)
                    log.warning("out of GPU memory; retrying with batch size %d", batch)
                    torch.cuda.empty_cache()
                    continue
                results.extend(output.images)
                index += len(generators)
            self.batch_size = batch
        return results


    def refine(self, images: list[Image.Image], prompts: list[str], seeds: list[int], *, strength: float = 0.35,
               steps: int | None = None, batch_size: int | None = None) -> list[Image.Image]:
        """img2img over `images` (same pipeline weights, no second load): blends a pasted product into its scene."""
        import torch
        from diffusers import AutoPipelineForImage2Image

        if not (len(images) == len(prompts) == len(seeds)):
            raise ValueError("one image and one seed per prompt")
        with self.lock:
            if self._img2img is None:
                self._img2img = AutoPipelineForImage2Image.from_pipe(self.pipeline)
                self._img2img.set_progress_bar_config(disable=True)
            pipe = self._img2img
        results: list[Image.Image] = []
        batch = max(1, batch_size or self.batch_size)
        # img2img runs steps × strength denoising steps: at least one, or the pipeline has nothing to do
        steps = max(steps or self.steps, math.ceil(1 / max(strength, 0.01)))
        index = 0
        with self.lock:
            while index < len(images):
                chunk = slice(index, index + batch)
                generators = [torch.Generator(device=self.device).manual_seed(s) for s in seeds[chunk]]
                try:
                    output = pipe(prompt=prompts[chunk], image=[im.convert("RGB") for im in images[chunk]],
                                  strength=strength, num_inference_steps=steps,
                                  guidance_scale=self.guidance_scale, generator=generators)
                except torch.OutOfMemoryError:
                    if batch == 1:
                        raise
                    batch = max(1, batch // 2)
                    torch.cuda.empty_cache()
                    continue
                results.extend(output.images)
                index += len(generators)
        return results


@dataclass
class ProductScene:
    """A scene with the product pasted in, and what is needed to paste it again after diffusion."""

    image: Image.Image
    product: Image.Image  # the resized cut-out
    at: tuple[int, int]

    def repaste(self, refined: Image.Image) -> Image.Image:
        """The refined scene with the product's own pixels on top (diffusion may blend its edges, not change it)."""
        scene = refined.convert("RGB").resize(self.image.size)
        scene.paste(self.product, self.at, self.product)
        return scene


def compose_product(scene: Image.Image, product: Image.Image) -> ProductScene:
    """The cut-out product standing in the lower middle of the scene, about 60 % of its height."""
    scene = scene.convert("RGB")
    height = round(scene.height * 0.6)
    width = max(1, round(product.width * height / product.height))
    if width > scene.width * 0.8:
        width = round(scene.width * 0.8)
        height = max(1, round(product.height * width / product.width))
    resized = product.convert("RGBA").resize((width, height))
    at = ((scene.width - width) // 2, scene.height - height - round(scene.height * 0.06))
    composite = scene.copy()
    composite.paste(resized, at, resized)
    return ProductScene(image=composite, product=resized, at=at)


def _initial_batch_size(device: str) -> int:
    """A starting guess from free GPU memory (~1.5 GiB per 1024² SDXL image in fp16); back-off corrects it."""
    if device != "cuda":
        return 2
    import torch

    free, _total = torch.cuda.mem_get_info()
    return int(max(1, min(16, free // (1536 * 1024 * 1024))))


def load_image_generator(model_dir: Path | None, *, device: str | None = None,
                         allow_cpu: bool = False) -> ImageGenerator:
    """Load (once per process) the pipeline in `model_dir` through `AutoPipelineForText2Image.from_pretrained`.

    fp16 on CUDA. On a machine without CUDA this refuses unless `allow_cpu` (tests and tiny models), because a
    full-size model on CPU would take minutes per image.
    """
    if model_dir is None:
        raise NotConfiguredError(
            "No image model configured: set HOOKLINE_IMAGE_MODEL to a local diffusers model folder "
            "(saved with save_pretrained) to generate scenes; brand backgrounds are used meanwhile."
        )
    model_dir = Path(model_dir).expanduser()
    if not (model_dir / "model_index.json").is_file():
        raise InputError(
            f"HOOKLINE_IMAGE_MODEL={model_dir} is not a diffusers model folder (no model_index.json in it).",
            field="HOOKLINE_IMAGE_MODEL",
        )
    import torch

    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    if device == "cpu" and not allow_cpu:
        raise NotConfiguredError(
            "HOOKLINE_IMAGE_MODEL is set but no GPU is available; run generation on a GPU worker "
            "(hookline worker --gpu) or unset the model to use brand backgrounds."
        )
    key = (str(model_dir.resolve()), device)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
        from diffusers import AutoPipelineForText2Image

        dtype = torch.float16 if device == "cuda" else torch.float32
        pipeline = AutoPipelineForText2Image.from_pretrained(model_dir, torch_dtype=dtype, local_files_only=True)
        pipeline = pipeline.to(device)
        pipeline.set_progress_bar_config(disable=True)
        sample = int(getattr(pipeline.unet.config, "sample_size", 64) if hasattr(pipeline, "unet") else 64)
        scale = int(getattr(pipeline, "vae_scale_factor", 8))
        native = (sample * scale, sample * scale)
        generator = ImageGenerator(model_dir=model_dir, pipeline=pipeline, device=device,
                                   batch_size=_initial_batch_size(device), native_size=native)
        _cache[key] = generator
        return generator
