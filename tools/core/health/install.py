"""Python and the installed package: the right interpreter and every declared dependency present."""

from __future__ import annotations

import sys
from importlib import metadata

from tools.core.health.model import Check

MIN_PYTHON = (3, 11)
DISTRIBUTION = "hookline"
REINSTALL = "Reinstall into this virtualenv: `pip install -e .` in the Hookline folder (or `make install`)."


def check_python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info < MIN_PYTHON:
        return Check(name="python", status="fail", detail=f"Python {version} at {sys.executable}",
                     fix=f"Hookline needs Python {'.'.join(map(str, MIN_PYTHON))} or newer: create the virtualenv with "
                         "a newer python (`make install PYTHON=python3.11`).")
    return Check(name="python", status="ok", detail=f"Python {version} at {sys.executable}")


def check_install() -> Check:
    """The package is installed and each of its requirements (without extras) is present in a matching version."""
    from packaging.requirements import Requirement

    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return Check(name="install", status="fail", detail="the hookline package is not installed in this Python",
                     fix=REINSTALL)
    problems: list[str] = []
    for spec in dist.requires or []:
        requirement = Requirement(spec)
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue  # an optional extra or another platform
        try:
            found = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            problems.append(f"{requirement.name} missing")
            continue
        if requirement.specifier and not requirement.specifier.contains(found, prereleases=True):
            problems.append(f"{requirement.name} {found} (needs {requirement.specifier})")
    if problems:
        return Check(name="install", status="fail", detail=f"hookline {dist.version}: " + ", ".join(problems),
                     fix=REINSTALL)
    return Check(name="install", status="ok",
                 detail=f"hookline {dist.version}, {len(dist.requires or [])} requirements satisfied")
