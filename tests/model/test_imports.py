"""The house rule `service -> model <- training`: nothing in model/ imports upwards."""

import ast
from pathlib import Path

import pytest

MODEL = Path(__file__).parents[2] / "model"
UPWARDS = {"service", "training", "tests", "fastapi", "uvicorn", "starlette"}


def imported_packages(path: Path) -> set[str]:
    packages = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            packages.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            packages.add(node.module.split(".")[0])
    return packages


@pytest.mark.parametrize("path", sorted(MODEL.glob("*.py")), ids=lambda path: path.name)
def test_model_modules_import_neither_service_nor_training(path):
    assert imported_packages(path) & UPWARDS == set()


def test_the_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "sneaky.py"
    module.write_text("def f():\n    from service.settings import Settings\n    import training\n")
    assert imported_packages(module) == {"service", "training"}
