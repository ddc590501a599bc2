"""Scenes around the product: a text-to-image scene, the product pasted, an image-to-image pass through the same
(tiny, real-loader) diffusers pipeline, the product pasted again — then the picture layouts build on the scene.

On CPU with the tiny pipeline by default; the `gpu` test runs the same path on CUDA at the pipeline's native size.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.creator.kit_media import LOGO_MAGENTA, PRODUCT_GREEN, logo_png, pixels_near, product_photo
from tests.creator.test_generation import _context, _request
from tools.brand.kit import cut_out
from tools.creator.generate import run_generation
from tools.creator.imagegen import compose_product, load_image_generator


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.creator.tiny_pipeline import build_tiny_pipeline

    return build_tiny_pipeline(tmp_path_factory.mktemp("diffusion"))


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("kit")
    with Image.open(product_photo(folder / "bottle.jpg")) as photo:
        product, treatment = cut_out(photo)
    assert treatment == "cutout"
    product.save(folder / "bottle.png")
    return folder / "bottle.png", logo_png(folder / "logo.png")


def _run(tmp_path: Path, generator, kit: tuple[Path, Path]) -> None:  # type: ignore[no-untyped-def]
    context = _context(None)
    context.images = generator
    context.style = context.style.model_copy(update={"product_image_path": kit[0], "logo_path": kit[1]})
    result = run_generation(_request(tmp_path, n=2, formats=("1x1", "9x16")), context)
    assert result.image_engine.startswith("diffusion:")
    scenes = sorted((tmp_path / ".scenes").glob("*.png"))
    assert len(scenes) == 2
    for scene_path in scenes:
        with Image.open(scene_path) as scene:
            assert pixels_near(scene, PRODUCT_GREEN) > 0.04 * scene.width * scene.height  # the product is in it
    for variant in result.variants:
        assert variant.visual.background == "diffusion" and variant.visual.scene_prompt
        for asset in variant.assets:
            with Image.open(asset.path) as render:
                box = asset.picture_boxes["picture"]
                assert pixels_near(render, PRODUCT_GREEN, (box.left, box.top, box.right, box.bottom)) > 1500
                logo = asset.text_boxes["logo"]
                assert pixels_near(render, LOGO_MAGENTA, (logo.left, logo.top, logo.right, logo.bottom)) > 300
            assert all(asset.contrast[k] >= asset.contrast_minimums[k] for k in asset.contrast)


def test_scenes_are_built_around_the_product_on_cpu(tmp_path: Path, tiny_model: Path,
                                                    kit: tuple[Path, Path]) -> None:
    generator = load_image_generator(tiny_model, device="cpu", allow_cpu=True)
    generator.steps = 2
    _run(tmp_path, generator, kit)


def test_the_refine_pass_keeps_the_products_pixels(tiny_model: Path, kit: tuple[Path, Path]) -> None:
    generator = load_image_generator(tiny_model, device="cpu", allow_cpu=True)
    scene = generator.generate(["kitchen counter"], [5], steps=2)[0]
    with Image.open(kit[0]) as product:
        composed = compose_product(scene, product.convert("RGBA"))
    refined = generator.refine([composed.image], ["kitchen counter"], [5], steps=2)[0]
    final = composed.repaste(refined)
    assert final.size == scene.size
    x, y = composed.at
    inside = (x + composed.product.width // 2, y + round(composed.product.height * 0.3))
    assert final.getpixel(inside) == composed.image.getpixel(inside)


@pytest.mark.gpu
def test_scenes_around_the_product_on_cuda(tmp_path: Path, tiny_model: Path, kit: tuple[Path, Path]) -> None:
    generator = load_image_generator(tiny_model, device="cuda")
    generator.steps = 4
    _run(tmp_path, generator, kit)
