"""The brand's product and logo in every render, a video winner's own footage remixed, legibility by measurement.

Through the real CLI (separate processes), on a simulated Meta export, the sample brand book, a product photographed
on a plain background, a transparent logo, and a generated source video with distinct shots and a soundtrack.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from tests.conftest import run_cli
from tests.creator.kit_media import (
    LOGO_MAGENTA,
    PHOTO_ORANGE,
    PRODUCT_GREEN,
    SHOT_COLOURS,
    frame_at,
    logo_png,
    nearest,
    pixels_near,
    product_photo,
    source_photo,
    source_video,
    two_tone_contrast,
    video_info,
)
from tools.brand.kit import cut_out
from tools.core.domain.variant import AdCopy, BrandStyle, VisualWrapper
from tools.creator.compositor import render_variant
from tools.creator.drawing import Canvas, draw_text
from tools.creator.fonts import resolve_font
from tools.creator.layouts import choose_layout, real_quote, stated_offer
from tools.creator.legibility import measure
from tools.creator.placements import PLACEMENTS
from tools.creator.remix import plan_segments
from tools.creator.textfit import fit_text
from tools.simulator import SimConfig, simulate_account
from tools.simulator.config import DATA_DIR

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "tools" / "brand" / "samples"


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("material")
    return {"product": product_photo(folder / "bottle.jpg"), "logo": logo_png(folder / "logo.png"),
            "photo": source_photo(folder / "winner.jpg"), "video": source_video(folder / "winner.mp4")}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, material: dict[str, Path]) -> Path:
    home = tmp_path_factory.mktemp("home")
    export = simulate_account(SimConfig(brand_file=DATA_DIR / "brand_mossbrew.yaml", n_creatives=24, weeks=4)
                              ).write(home / "meta_export.csv")
    for args in (["ingest", str(export)], ["brand", "add", str(SAMPLES_DIR / "mossbrew_brand_book.md")],
                 ["brand", "add", str(material["product"]), "--kind", "product"],
                 ["brand", "add", str(material["logo"]), "--kind", "logo"]):
        result = run_cli(["--json", *args], home=home)
        assert result.returncode == 0, result.stderr
    return home


def _ad_ids(home: Path) -> list[str]:
    result = run_cli(["--json", "winners", "--period", "last-30-days", "--top", "5"], home=home)
    assert result.returncode == 0, result.stderr
    return [w["ad_id"] for w in json.loads(result.stdout)["winners"]]


def _manifest_assets(doc: dict) -> list[dict]:
    manifest = json.loads(Path(doc["manifest"]).read_text())
    return [asset for variant in manifest["variants"] for asset in variant["assets"]]


def _box(asset: dict, name: str, kind: str = "text_boxes") -> tuple[int, int, int, int]:
    box = asset[kind][name]
    return box["left"], box["top"], box["right"], box["bottom"]


def test_kit_images_are_stored_cut_out_and_listed(workspace: Path) -> None:
    shown = run_cli(["--json", "brand", "show"], home=workspace)
    assert shown.returncode == 0, shown.stderr
    kit = {item["kind"]: item for item in json.loads(shown.stdout)["kit"]}
    assert set(kit) == {"product", "logo"}
    assert kit["product"]["treatment"] == "cutout" and kit["logo"]["treatment"] == "cutout"
    with Image.open(kit["product"]["path"]) as product:
        alpha = product.getchannel("A")
        # the studio background is gone, the bottle and its cream label are kept
        assert alpha.getpixel((0, 0)) == 0 and alpha.getpixel((product.width - 1, product.height - 1)) == 0
        assert alpha.getpixel((product.width // 2, round(product.height * 0.55))) == 255
        assert product.width < 300  # trimmed to the bottle (200 px wide in the 700 px photo)


def test_a_bad_kit_image_changes_nothing(workspace: Path, tmp_path: Path, material: dict[str, Path]) -> None:
    bad = tmp_path / "logo.gif"
    Image.new("RGB", (64, 64)).save(bad, "GIF")
    fresh = product_photo(tmp_path / "second.jpg")
    with Image.open(fresh) as image:  # a different file than the stored one
        image.rotate(180).save(fresh)
    result = run_cli(["brand", "add", str(fresh), str(bad), "--kind", "product"], home=workspace)
    assert result.returncode == 2
    assert "logo.gif" in result.stderr and "PNG, JPG or WebP" in result.stderr
    kit = json.loads(run_cli(["--json", "brand", "show"], home=workspace).stdout)["kit"]
    assert len(kit) == 2


def test_kit_renders_show_product_and_logo_and_every_box_is_legible(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "kit"
    result = run_cli(["--json", "variants", "--from", "winner", "--period", "last-30-days", "-n", "6",
                      "--out", str(out)], home=workspace)
    assert result.returncode == 0, result.stderr
    assets = _manifest_assets(json.loads(result.stdout))
    images = [a for a in assets if a["format"] != "video"]
    assert len(images) == 18
    assert len({a["layout"] for a in images}) >= 3  # layouts rotate across variants
    for asset in images:
        with Image.open(asset["path"]) as render:
            size = (asset["width"], asset["height"])
            assert render.size == size
            # the logo image (magenta) sits in its box, inside the safe zone
            assert pixels_near(render, LOGO_MAGENTA, _box(asset, "logo")) > 400, asset["path"]
            # the product (green) is in the render
            assert "picture" in asset["picture_boxes"], asset["layout"]
            assert pixels_near(render, PRODUCT_GREEN, _box(asset, "picture", "picture_boxes")) > 2000
            for name, ratio in asset["contrast"].items():
                minimum = asset["contrast_minimums"][name]
                assert ratio >= minimum, (asset["path"], name, ratio)
                # independently of the renderer's own measure: ink vs background groups of the box's pixels
                if name != "cta":
                    assert two_tone_contrast(render, _box(asset, name)) >= minimum * 0.9, (asset["path"], name)
            for name in asset["text_boxes"]:
                safe = asset["safe_zone"]
                box = asset["text_boxes"][name]
                assert safe["left"] <= box["left"] and box["right"] <= safe["right"]
                assert safe["top"] <= box["top"] and box["bottom"] <= safe["bottom"]
            if asset["format"] == "9x16":  # the lower 40 % of the frame carries the product, not bare colour
                lower = (0, round(1920 * 0.6), 1080, 1920)
                assert pixels_near(render, PRODUCT_GREEN, lower) > 0.05 * 1080 * 1920 * 0.4


def test_video_winner_is_remixed_from_its_own_shots(workspace: Path, tmp_path: Path,
                                                     material: dict[str, Path]) -> None:
    ad = _ad_ids(workspace)[0]
    out = tmp_path / "remix"
    result = run_cli(["--json", "variants", "--from", f"ad:{ad}", "--asset", str(material["video"]), "-n", "2",
                      "--formats", "9x16", "--out", str(out)], home=workspace)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert any("own footage" in w for w in doc["warnings"])
    assets = _manifest_assets(doc)
    videos = [a for a in assets if a["format"] == "video"]
    assert len(videos) == 2
    orders = []
    for asset in videos:
        width, height, duration, audio = video_info(Path(asset["path"]))
        assert (width, height) == (1080, 1920)
        assert 6.0 <= duration <= 15.0 and abs(duration - asset["duration_s"]) < 0.25
        assert audio and asset["has_audio"]
        assert all(ratio >= asset["contrast_minimums"][name] for name, ratio in asset["contrast"].items())
        # each cut shows the source shot the manifest names (read from the footage below the captions)
        t = 0.0
        seen = []
        for shot, (start, end) in zip(asset["source_shots"], asset["source_segments"], strict=True):
            frame = frame_at(Path(asset["path"]), t + (end - start) / 2)
            patch = np.asarray(frame.crop((700, 1500, 1060, 1900))).reshape(-1, 3).mean(axis=0)
            index, distance = nearest(tuple(patch), SHOT_COLOURS)
            assert distance < 45 and index == shot, (asset["path"], t, shot, index, distance)
            seen.append(index)
            t += end - start
        assert seen[0] != 0 and len(set(seen)) >= 3  # a new opening, several of the source's shots
        orders.append(seen)
        # the end card is the brand's, not footage
        end_patch = np.asarray(frame_at(Path(asset["path"]), duration - 0.5).crop((700, 1500, 1060, 1900)))
        assert nearest(tuple(end_patch.reshape(-1, 3).mean(axis=0)), SHOT_COLOURS)[1] > 45
    assert orders[0] != orders[1]  # each variant cuts the footage its own way
    # image variants of a video winner show a frame of its footage
    for asset in (a for a in assets if a["format"] == "9x16"):
        with Image.open(asset["path"]) as render:
            box = _box(asset, "picture", "picture_boxes")
            assert max(pixels_near(render, colour, box) for colour in SHOT_COLOURS) > 5000


def test_the_ads_own_picture_is_remembered(workspace: Path, tmp_path: Path, material: dict[str, Path]) -> None:
    ad = _ad_ids(workspace)[1]
    first = run_cli(["--json", "variants", "--from", f"ad:{ad}", "--asset", str(material["photo"]), "-n", "2",
                     "--formats", "1x1", "--out", str(tmp_path / "a")], home=workspace)
    assert first.returncode == 0, first.stderr
    again = run_cli(["--json", "variants", "--from", f"ad:{ad}", "-n", "2", "--formats", "4x5",
                     "--out", str(tmp_path / "b")], home=workspace)
    assert again.returncode == 0, again.stderr
    doc = json.loads(again.stdout)
    assert any("own picture (" in w for w in doc["warnings"])
    for asset in _manifest_assets(doc):
        with Image.open(asset["path"]) as render:
            assert pixels_near(render, PHOTO_ORANGE, _box(asset, "picture", "picture_boxes")) > 3000


def test_unusable_asset_is_refused_before_anything_runs(workspace: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not media")
    result = run_cli(["variants", "--from", "winner", "--asset", str(notes)], home=workspace)
    assert result.returncode == 2 and "notes.txt" in result.stderr and "expected an image" in result.stderr


# -- units: layout rules, measurement, cut-outs, remix plans --------------------------------------------------------

QUOTE = "Finally a coffee that doesn't wreck my afternoon"


def test_testimonials_frame_only_real_quotes_and_badges_only_stated_offers() -> None:
    quoted = AdCopy(hook=f"\u201c{QUOTE}\u201d", headline="Calm focus", body="Try it.", cta="Shop now")
    plain = AdCopy(hook="Tired of the 3pm crash?", headline="Calm focus", body="15% off your first order.",
                   cta="Shop now")
    assert real_quote(quoted, [QUOTE]) == QUOTE and real_quote(plain, [QUOTE]) is None
    assert stated_offer(plain, ["15% off your first order"]) and stated_offer(quoted, ["15% off"]) is None
    rotation = [choose_layout(i, has_product=True, has_photo=False, quote=None, offer=None) for i in range(4)]
    assert "testimonial" not in rotation and "offer" not in rotation and len(set(rotation)) == 2
    with_both = {choose_layout(i, has_product=True, has_photo=False, quote=QUOTE, offer="15% off")
                 for i in range(4)}
    assert with_both == {"hero", "split", "offer", "testimonial"}
    assert choose_layout(0, has_product=False, has_photo=False, quote=None, offer=None) is None


def test_measure_reads_contrast_from_pixels() -> None:
    font = resolve_font(None, True)
    fitted = fit_text("Readable line", font, 600, 100, max_size=60, min_size=20, max_lines=1)
    assert fitted is not None
    for background, ink, low, high in (("#FFFFFF", "#000000", 18, 21.01), ("#777777", "#888888", 1.0, 1.5)):
        canvas = Canvas(Image.new("RGB", (700, 200), background), panel_colours=[])
        canvas.image = canvas.image  # a plain page: nothing to fix, so the measured ratio is the colours' own
        draw_text(canvas, "body", fitted, 20, 40, 660, ink, "left", bold=True)
        if background == "#FFFFFF":
            assert low <= canvas.contrast["body"] <= high and "body" not in canvas.panels
        else:  # grey on grey cannot reach 4.5:1: a panel went under it, and the measure says it now reads
            assert canvas.panels["body"] in ("scrim", "panel") and canvas.contrast["body"] >= 4.5
    coverage = Image.new("L", (100, 40), 0)
    ImageDraw.Draw(coverage).rectangle((30, 10, 70, 30), fill=255)
    page = Image.new("RGB", (100, 40), "#FFFFFF")
    ImageDraw.Draw(page).rectangle((30, 10, 70, 30), fill="#767676")
    assert 4.4 <= measure(page, coverage, (0, 0)) <= 4.6  # #767676 on white is 4.54:1


def test_busy_photo_gets_a_scrim_and_meets_the_minimum(material: dict[str, Path]) -> None:
    photo = Image.open(material["photo"]).convert("RGB")
    copy = AdCopy(hook="Tired of the 3pm crash?", headline="Calm focus all afternoon",
                  body="Mushroom coffee with half the caffeine.", cta="Shop now")
    wrapper = VisualWrapper(layout="lifestyle", background_colour="#2F4A3A", accent_colour="#E2A03F",
                            text_colour="#F4EDE1")
    for placement in PLACEMENTS.values():
        rendered = render_variant(copy, wrapper, BrandStyle(brand_name="Mossbrew"), placement, media=photo)
        assert rendered.panels  # the photo alone cannot carry the text
        assert all(rendered.contrast[k] >= rendered.minimums[k] for k in rendered.boxes), rendered.contrast
        assert rendered.pictures["picture"].bottom == placement.height  # full-bleed, reframed per placement


def test_cut_out_keeps_transparency_removes_plain_backgrounds_and_frames_photos(material: dict[str, Path]) -> None:
    with Image.open(material["logo"]) as logo:
        picture, treatment = cut_out(logo)
        assert treatment == "cutout" and picture.size == (401, 121)  # trimmed to the mark
    with Image.open(material["product"]) as product:
        picture, treatment = cut_out(product)
        assert treatment == "cutout" and picture.getchannel("A").getpixel((2, picture.height - 2)) == 0
    with Image.open(material["photo"]) as photo:
        picture, treatment = cut_out(photo)
        assert treatment == "framed" and picture.size == photo.size


def test_remix_plan_reorders_and_trims_at_the_source_pace() -> None:
    shots = [(i * 1.5, (i + 1) * 1.5) for i in range(6)]
    plan = plan_segments(shots, seed=3, duration_s=9.0)
    assert plan[0].shot != 0
    assert 6.5 <= sum(s.duration_s for s in plan) + 2.0 <= 9.5
    assert all(shots[s.shot][0] <= s.start_s < s.end_s <= shots[s.shot][1] + 1e-6 for s in plan)
    assert all(s.duration_s <= 1.5 * 1.15 + 1e-6 for s in plan)
    assert [s.shot for s in plan] != [s.shot for s in plan_segments(shots, seed=4, duration_s=9.0)]
