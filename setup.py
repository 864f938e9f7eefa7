"""The pre-commit framework's way in to the `charterlint` hook (language: python).

pre-commit runs `pip install .` here; this placeholder package only requires the
charterlint wheel of the same version from the package index, so the hook needs no
Rust toolchain. The wheel itself is built from python/pyproject.toml by maturin.
Keep CHARTERLINT_VERSION equal to Cargo.toml's version (a test checks it).
"""

from setuptools import setup

CHARTERLINT_VERSION = "0.1.0"

setup(
    name="pre_commit_placeholder_package",
    version="0.0.0",
    install_requires=[f"charterlint=={CHARTERLINT_VERSION}"],
    packages=[],
    py_modules=[],
)
