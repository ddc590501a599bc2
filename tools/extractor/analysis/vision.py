"""Faces and on-screen text in single frames, with models that ship inside their wheels (nothing downloads).

Faces: dlib's HOG frontal-face detector (package `dlib-bin`; the detector is compiled into the library). OpenCV 5
no longer ships Haar cascades nor `CascadeClassifier` in its Python wheels, and its `FaceDetectorYN` needs a model
file that no wheel carries.

Text: RapidOCR (package `rapidocr`) with its bundled PP-OCR ONNX models on onnxruntime, run with the detector's long
side capped at 640 px and without the rotation classifier (ad captions are upright) — about 0.3–0.5 s per frame on
two cores. Both models load lazily, once per process.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

import numpy as np

from tools.core.domain.blueprint import FaceSighting, TextSighting
from tools.extractor.analysis.video import SAMPLE_LONG_SIDE, palette
from tools.extractor.media.decode import analysis_size

FACE_SCORE_MIN = 0.0
CLOSE_UP_SHARE = 0.04  # a face box covering ≥ 4 % of the frame (≈ a quarter of a 9:16 frame's width)
OCR_SCORE_MIN = 0.75
_ocr_lock = threading.Lock()


@lru_cache(maxsize=1)
def _face_detector() -> Any:
    import dlib

    return dlib.get_frontal_face_detector()


@lru_cache(maxsize=1)
def _ocr_engine() -> Any:
    import logging

    from rapidocr import RapidOCR

    engine = RapidOCR(params={
        "Global.log_level": "critical",
        "Global.use_cls": False,
        "Det.limit_type": "max",
        "Det.limit_side_len": 640,
    })
    logging.getLogger("RapidOCR").setLevel(logging.CRITICAL)
    return engine


def detect_faces(frame_bgr: np.ndarray, t_s: float) -> list[FaceSighting]:
    """Frontal faces in a frame (upsampled once when the frame is small, so ~40 px faces are found)."""
    import cv2

    grey = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY)
    height, width = grey.shape
    upsample = 1 if max(height, width) <= 700 else 0
    rects, scores, _ = _face_detector().run(grey, upsample, FACE_SCORE_MIN)
    sightings = []
    for rect, score in zip(rects, scores, strict=False):
        left, top = max(0, rect.left()), max(0, rect.top())
        right, bottom = min(width, rect.right()), min(height, rect.bottom())
        if right <= left or bottom <= top:
            continue
        w, h = right - left, bottom - top
        sightings.append(FaceSighting(
            t_s=round(t_s, 3),
            box=(round(left / width, 4), round(top / height, 4), round(w / width, 4), round(h / height, 4)),
            area_share=round(w * h / (width * height), 4),
            score=round(float(score), 3),
        ))
    return sightings


_MEANINGFUL = re.compile(r"[A-Za-z0-9\u00C0-\u024F\u0400-\u04FF\u4e00-\u9fff]")


def read_text(frame_bgr: np.ndarray, t_s: float) -> list[TextSighting]:
    """Lines of text in a frame with their boxes; single stray glyphs and low-confidence reads are dropped."""
    height, width = frame_bgr.shape[:2]
    with _ocr_lock:  # onnxruntime sessions are shared; one frame at a time per process
        result = _ocr_engine()(frame_bgr)
    texts = getattr(result, "txts", None) or ()
    scores = getattr(result, "scores", None) or ()
    boxes = getattr(result, "boxes", None)
    sightings = []
    for index, (text, score) in enumerate(zip(texts, scores, strict=False)):
        text = " ".join(str(text).split())
        if float(score) < OCR_SCORE_MIN or len(_MEANINGFUL.findall(text)) < 2:
            continue
        box = (0.0, 0.0, 0.0, 0.0)
        if boxes is not None and index < len(boxes):
            points = np.asarray(boxes[index], dtype=float)
            x0, y0 = points[:, 0].min(), points[:, 1].min()
            x1, y1 = points[:, 0].max(), points[:, 1].max()
            box = (round(x0 / width, 4), round(y0 / height, 4), round((x1 - x0) / width, 4),
                   round((y1 - y0) / height, 4))
        sightings.append(TextSighting(t_s=round(t_s, 3), text=text, score=round(float(score), 3), box=box))
    return sightings


def merge_text(sightings: list[TextSighting]) -> str:
    """The distinct lines, in order of first appearance (the same caption over several frames counts once)."""
    seen: set[str] = set()
    lines: list[str] = []
    for sighting in sorted(sightings, key=lambda s: (s.t_s, s.box[1], s.box[0])):
        key = re.sub(r"\W+", "", sighting.text.lower())
        if key and key not in seen:
            seen.add(key)
            lines.append(sighting.text)
    return "\n".join(lines)


def text_area_share(sightings: list[TextSighting]) -> float:
    """Largest share of one frame covered by text boxes."""
    by_time: dict[float, float] = {}
    for s in sightings:
        by_time[s.t_s] = by_time.get(s.t_s, 0.0) + s.box[2] * s.box[3]
    return round(min(1.0, max(by_time.values(), default=0.0)), 4)


def brightness_and_palette(frame_bgr: np.ndarray) -> tuple[float, list]:
    import cv2


    height, width = frame_bgr.shape[:2]
    small = cv2.resize(frame_bgr, analysis_size(width, height, SAMPLE_LONG_SIDE * 2), interpolation=cv2.INTER_AREA)
    grey = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY)
    return round(float(grey.mean()) / 255.0, 4), palette([small])
