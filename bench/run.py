"""Runs every benchmark in bench/ in turn (each prints its own figures)."""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for script in sorted(HERE.glob("*.py")):
    if script.name in {"run.py", "bench_urls.py", "__init__.py"}:
        continue
    print(f"\n=== {script.name} ===", flush=True)
    runpy.run_path(str(script), run_name="__main__")
sys.exit(0)
