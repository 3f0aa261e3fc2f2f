"""`--executor dask --scheduler ADDRESS`: the PDF renders on an existing Dask cluster.

Each task runs the same function as the local pool (`render_material`) in a scratch folder
on the worker and sends the files back as bytes, so the build folder need not be shared.
Workers need: this package (same version), the fonts, and the project directory at the same
path (or a shared filesystem), because images and theme files are read where the PDF is
laid out. Dask is optional: `pip install 'xuanjiao[dask]'`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .laying import Job
from .render import MaterialOutput, render_material


class DaskUnavailable(RuntimeError):
    pass


def render_to_bytes(job: Job, pdf_variant: str | None) -> tuple[MaterialOutput, dict[str, bytes]]:
    """What a worker runs: render into a scratch folder, return the output and its files."""
    with tempfile.TemporaryDirectory(prefix="xuanjiao-") as tmp:
        output = render_material(job, Path(tmp), pdf_variant)
        return output, {name: (Path(tmp) / name).read_bytes() for name in output.files}


def render_on_dask(
    jobs: list[Job], out_dir: Path, pdf_variant: str | None, scheduler: str | None
) -> list[MaterialOutput]:
    try:
        from distributed import Client
    except ImportError as exc:
        raise DaskUnavailable("the dask executor needs Dask: pip install 'xuanjiao[dask]'") from exc
    if not scheduler:
        raise DaskUnavailable("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    with Client(scheduler, set_as_default=False) as client:
        futures = [
            client.submit(render_to_bytes, job, pdf_variant, pure=False, key=f"xuanjiao-render-{i}-{job.material.id}")
            for i, job in enumerate(jobs)
        ]
        results = client.gather(futures)
    outputs = []
    for output, files in results:
        for name, data in files.items():
            (out_dir / name).write_bytes(data)
        outputs.append(output)
    return outputs
