"""Persist pre-launch models (joblib, one file per version) and register them in the database.

Why versions instead of overwriting: a running worker may hold the old model while a new one trains; each version
is written atomically (temp file + rename) before its row is committed, and loaded models are cached per process
by path so scoring 20 variants does not reload anything.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update

from tools.analyst.predictor import PrelaunchModel
from tools.core.db.models import AnalystModel

if TYPE_CHECKING:
    from tools.core.runtime import WorkspaceRuntime

KIND = "prelaunch"
_loaded: dict[str, PrelaunchModel] = {}
_lock = threading.Lock()


def models_dir(runtime: WorkspaceRuntime) -> Path:
    """In the shared storage, so a model trained by a worker (`analyst.train`) loads on every other box."""
    from tools.core.storage import workspace_storage

    return workspace_storage(runtime.settings, runtime.workspace).folder("models/analyst")


def latest_record(runtime: WorkspaceRuntime, metric: str) -> AnalystModel | None:
    with runtime.session() as session:
        return session.scalar(
            select(AnalystModel)
            .where(AnalystModel.workspace_id == runtime.workspace_id, AnalystModel.kind == KIND,
                   AnalystModel.metric == metric, AnalystModel.active.is_(True))
            .order_by(AnalystModel.version.desc()).limit(1)
        )


def save_model(runtime: WorkspaceRuntime, model: PrelaunchModel) -> AnalystModel:
    """Write the next version's file, then register it as the active one (older versions stay on disk)."""
    import joblib

    directory = models_dir(runtime)
    with runtime.session() as session:
        current = session.scalar(
            select(func.max(AnalystModel.version))
            .where(AnalystModel.workspace_id == runtime.workspace_id, AnalystModel.kind == KIND,
                   AnalystModel.metric == model.metric)
        ) or 0
        version = current + 1
        path = directory / f"{KIND}-{model.metric}-v{version}.joblib"
        tmp = path.with_suffix(".joblib.tmp")
        joblib.dump(model, tmp, compress=3)
        os.replace(tmp, path)
        try:
            session.execute(
                update(AnalystModel)
                .where(AnalystModel.workspace_id == runtime.workspace_id, AnalystModel.kind == KIND,
                       AnalystModel.metric == model.metric)
                .values(active=False)
            )
            record = AnalystModel(
                workspace_id=runtime.workspace_id, kind=KIND, metric=model.metric, version=version,
                path=_relative(runtime, path), data_fingerprint=model.fingerprint, n_creatives=model.n_train,
                cold_start=model.cold_start, uses_embeddings=model.uses_embeddings,
                validation={k: v for k, v in model.validation.items() if v is None or isinstance(v, int | float)},
                features=model.space.names if model.space else [], active=True, trained_at=model.trained_at,
            )
            session.add(record)
            session.flush()
        except Exception:
            path.unlink(missing_ok=True)
            raise
    with _lock:
        _loaded[str(path)] = model
    return record


def load_model(runtime: WorkspaceRuntime, record: AnalystModel) -> PrelaunchModel | None:
    """The model of a registry row (process cache by path); None when its file has gone missing."""
    import joblib

    path = _absolute(runtime, record.path)
    with _lock:
        cached = _loaded.get(str(path))
    if cached is not None:
        return cached
    if not path.exists():
        return None
    model = joblib.load(path)
    with _lock:
        _loaded[str(path)] = model
    return model


def _relative(runtime: WorkspaceRuntime, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(runtime.home.resolve()))
    except ValueError:
        return str(path.resolve())


def _absolute(runtime: WorkspaceRuntime, stored: str) -> Path:
    path = Path(stored)
    return path if path.is_absolute() else runtime.home / path
