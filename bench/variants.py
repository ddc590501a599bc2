"""Benchmark: 20 variants × 3 formats with the brand kit's product and logo, scoring and contact sheet, warm, vs a bare
Pillow composite of the same layers (background, product cut-out, logo, text, button, JPEG); and a video winner's
remix time per variant (the source's own shots recut at 1080×1920 with captions, end card and audio).

Targets (issue): ≤ 2× the bare Pillow composite of the same images (same run).
With `--gpu` on a CUDA machine it also times the batched diffusion path against a naive per-image loop on a
full-size SD-1.5-class UNet/VAE with random weights (throughput does not depend on the weights' values); target ≥ 3×.

    python bench/variants.py [--n 20] [--gpu]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def build_workspace(home: Path):  # type: ignore[no-untyped-def]
    from tests.creator.kit_media import logo_png, product_photo
    from tools.brand.api import brand_add
    from tools.core.runtime import build_runtime
    from tools.core.settings import Settings
    from tools.ingest.api import ingest_files
    from tools.simulator import SimConfig, simulate_account
    from tools.simulator.config import DATA_DIR

    runtime = build_runtime(Settings(home=home, _env_file=None), "bench")
    export = simulate_account(SimConfig(brand_file=DATA_DIR / "brand_mossbrew.yaml")).write(home / "export.csv")
    ingest_files(runtime, [export])
    brand_add(runtime, [ROOT / "tools" / "brand" / "samples" / "mossbrew_brand_book.md"])
    brand_add(runtime, [product_photo(home / "bottle.jpg")], kind="product")
    brand_add(runtime, [logo_png(home / "logo.png")], kind="logo")
    return runtime


def bare_pillow(result, product_path: Path, logo_path: Path) -> float:  # type: ignore[no-untyped-def]
    """The same images drawn the plain way: gradient, the product and logo pasted, wrapped text at fixed sizes, a
    button, JPEG save — no fitting, no layouts, no measuring."""
    from PIL import Image, ImageDraw

    from tools.core.colours import to_rgb
    from tools.creator.fonts import load_font, resolve_font

    bold, regular = resolve_font(None, True), resolve_font(None, False)
    product = Image.open(product_path).convert("RGBA")
    logo = Image.open(logo_path).convert("RGBA")
    out = Path(tempfile.mkdtemp(prefix="bare-"))
    started = time.perf_counter()
    for variant in result.variants:
        copy, visual = variant.ad_copy, variant.visual
        for asset in variant.assets:
            size = (asset.width, asset.height)
            mask = Image.linear_gradient("L").resize(size)
            image = Image.composite(Image.new("RGB", size, to_rgb(visual.accent_colour)),
                                    Image.new("RGB", size, to_rgb(visual.background_colour)), mask)
            height = round(size[1] * 0.4)
            placed = product.resize((max(1, round(product.width * height / product.height)), height))
            image.paste(placed, ((size[0] - placed.width) // 2, size[1] - height - 40), placed)
            mark = logo.resize((round(logo.width * 70 / logo.height), 70))
            image.paste(mark, (70, 70), mark)
            draw = ImageDraw.Draw(image)
            y = 150
            for text, font, width in ((copy.hook, load_font(bold, 48), 36), (copy.headline, load_font(bold, 84), 20),
                                      (copy.body, load_font(regular, 40), 44)):
                for line in textwrap.wrap(text, width):
                    draw.text((70, y), line, font=font, fill=to_rgb(visual.text_colour))
                    y += int(font.size * 1.15)
                y += 30
            draw.rounded_rectangle((70, size[1] - 300, 470, size[1] - 210), radius=45,
                                   fill=to_rgb(visual.accent_colour))
            draw.text((270, size[1] - 255), copy.cta, font=load_font(bold, 40), anchor="mm", fill=(0, 0, 0))
            image.save(out / f"{variant.id}_{asset.format}.jpg", "JPEG", quality=90, subsampling=0)
    return time.perf_counter() - started


def render_only(result, style, offers: list[str]) -> float:  # type: ignore[no-untyped-def]
    """The compositor alone on the same 60 images: layout, fitting, pictures, measured legibility, JPEG save."""
    from tools.creator.compositor import render_variant, save_image
    from tools.creator.layouts import stated_offer
    from tools.creator.placements import PLACEMENTS

    out = Path(tempfile.mkdtemp(prefix="render-"))
    started = time.perf_counter()
    for variant in result.variants:
        offer = stated_offer(variant.ad_copy, offers)
        for asset in variant.assets:
            if asset.format == "video":
                continue
            visual = variant.visual.model_copy(update={"layout": asset.layout or variant.visual.layout})
            rendered = render_variant(variant.ad_copy, visual, style, PLACEMENTS[asset.format], offer=offer)
            save_image(rendered.image, out / f"{variant.id}_{asset.format}.jpg")
    return time.perf_counter() - started


def remix_bench(result, style, home: Path, variants: int = 3) -> dict:  # type: ignore[no-untyped-def]
    """Seconds per variant to recut a 9 s, 6-shot source video (with audio) into a 1080×1920 remix."""
    from tests.creator.kit_media import source_video
    from tools.creator.media import SourceMedia, inspect
    from tools.creator.remix import remix_video
    from tools.extractor.api import detect_shots

    path = source_video(home / "winner.mp4")
    started = time.perf_counter()
    shots = [(s.start_s, s.end_s) for s in detect_shots(path)]
    detect_s = time.perf_counter() - started
    media_kind, width, height, duration, audio = inspect(path)
    media = SourceMedia("sources/winner.mp4", path, media_kind, width, height, duration, audio)
    times, durations = [], []
    for index, variant in enumerate(result.variants[:variants]):
        started = time.perf_counter()
        asset = remix_video(media, shots, variant.ad_copy, variant.visual, style, home / f"remix{index}.mp4",
                            seed=index)
        times.append(time.perf_counter() - started)
        durations.append(asset.duration_s)
    return {"source_s": duration, "source_shots": len(shots), "shot_detection_s": round(detect_s, 3),
            "per_variant_s": round(sum(times) / len(times), 2), "runs_s": [round(t, 2) for t in times],
            "output_duration_s": durations, "output": "1080x1920 H.264 veryfast + AAC"}


def gpu_bench(steps: int = 20, images: int = 16) -> dict:
    import torch
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionPipeline, UNet2DConditionModel

    from tests.creator.tiny_pipeline import build_tiny_pipeline
    from tools.creator.imagegen import load_image_generator

    folder = Path(tempfile.mkdtemp(prefix="sd-bench-"))
    tiny = StableDiffusionPipeline.from_pretrained(build_tiny_pipeline(folder), local_files_only=True)
    # full-size SD-1.5 UNet and VAE shapes, random weights (tokenizer/text encoder stay tiny: negligible cost)
    unet = UNet2DConditionModel(sample_size=64, cross_attention_dim=32, attention_head_dim=8,
                                block_out_channels=(320, 640, 1280, 1280))
    vae = AutoencoderKL(block_out_channels=(128, 256, 512, 512), latent_channels=4,
                        down_block_types=("DownEncoderBlock2D",) * 4, up_block_types=("UpDecoderBlock2D",) * 4)
    pipe = StableDiffusionPipeline(unet=unet, vae=vae, text_encoder=tiny.text_encoder, tokenizer=tiny.tokenizer,
                                   scheduler=DDIMScheduler.from_config(tiny.scheduler.config), safety_checker=None,
                                   feature_extractor=None, requires_safety_checker=False)
    model_dir = folder / "sd15-random"
    pipe.save_pretrained(model_dir)
    generator = load_image_generator(model_dir, device="cuda")
    prompts = [f"product photo {i}" for i in range(images)]
    generator.generate(prompts[:2], [0, 1], steps=2, size=(512, 512), batch_size=2)  # warm-up
    torch.cuda.synchronize()
    started = time.perf_counter()
    for i, prompt in enumerate(prompts):
        generator.generate([prompt], [i], steps=steps, size=(512, 512), batch_size=1)
    torch.cuda.synchronize()
    naive = time.perf_counter() - started
    started = time.perf_counter()
    generator.generate(prompts, list(range(images)), steps=steps, size=(512, 512), batch_size=images)
    torch.cuda.synchronize()
    batched = time.perf_counter() - started
    # scenes around the product: paste the cut-out, one batched image-to-image pass (strength 0.35), paste again
    from PIL import Image

    from tools.creator.imagegen import compose_product

    product = Image.new("RGBA", (200, 480), (22, 150, 88, 255))
    scenes = generator.generate(prompts, list(range(images)), steps=steps, size=(512, 512), batch_size=images)
    torch.cuda.synchronize()
    started = time.perf_counter()
    composed = [compose_product(scene, product) for scene in scenes]
    refined = generator.refine([c.image for c in composed], prompts, list(range(images)), steps=steps,
                               batch_size=images)
    finals = [c.repaste(r) for c, r in zip(composed, refined, strict=True)]
    torch.cuda.synchronize()
    product_pass = time.perf_counter() - started
    return {"images": images, "steps": steps, "size": 512, "naive_loop_s": round(naive, 3),
            "batched_s": round(batched, 3), "speedup": round(naive / batched, 2), "target_speedup": 3.0,
            "product_scene_pass_s": round(product_pass, 3), "product_scenes": len(finals),
            "batch_size_used": generator.batch_size, "device": torch.cuda.get_device_name()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--gpu", action="store_true")
    parser.add_argument("--no-remix", action="store_true", help="Skip the video remix timing.")
    args = parser.parse_args()
    from tools.creator.api import generate_variants

    home = Path(tempfile.mkdtemp(prefix="hookline-bench-variants-"))
    started = time.perf_counter()
    runtime = build_workspace(home)
    setup_s = time.perf_counter() - started
    started = time.perf_counter()
    generate_variants(runtime, n=args.n, out_dir=home / "warmup")  # loads models, trains the scorer
    cold_s = time.perf_counter() - started
    runs = []
    result = None
    for attempt in range(3):
        started = time.perf_counter()
        result = generate_variants(runtime, n=args.n, out_dir=home / f"run{attempt}")
        runs.append(time.perf_counter() - started)
    warm = min(runs)
    from tools.brand.api import brand_profile
    from tools.creator.api import _style

    style = _style(runtime, brand_profile(runtime))
    offers = [o.text for o in brand_profile(runtime).offers]
    bares, renders = [], []
    for _ in range(3):  # interleaved, so a shared machine's load swings hit both alike
        bares.append(bare_pillow(result, style.product_image_path, style.logo_path))
        renders.append(render_only(result, style, offers))
    bare, render = min(bares), min(renders)
    layouts = sorted({a.layout or "" for v in result.variants for a in v.assets})
    measured = [(a.contrast[k], a.contrast_minimums[k]) for v in result.variants for a in v.assets for k in a.contrast]
    report = {
        "variants": len(result.variants), "formats": 3, "images": sum(len(v.assets) for v in result.variants),
        "setup_s": round(setup_s, 2), "first_run_s": round(cold_s, 2),
        "warm_s": round(warm, 3), "warm_runs_s": [round(r, 3) for r in runs], "target_warm_s": 5.0,
        "bare_pillow_s": round(bare, 3), "ratio_vs_bare": round(warm / bare, 2), "target_ratio": 2.0,
        "render_only_s": round(render, 3), "render_ratio_vs_bare": round(render / bare, 2),
        "layouts": layouts, "boxes_measured": len(measured),
        "boxes_below_minimum": sum(1 for ratio, minimum in measured if ratio < minimum),
        "min_margin_over_minimum": round(min(ratio / minimum for ratio, minimum in measured), 3),
        "diversity": result.diversity.model_dump() if result.diversity else None,
        "cpu_count": os.cpu_count(), "load_average": os.getloadavg(),
    }
    if not args.no_remix:
        report["remix"] = remix_bench(result, style, home)
    if args.gpu:
        report["gpu"] = gpu_bench()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
