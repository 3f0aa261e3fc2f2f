"""The benchmark's synthetic project is a valid project of the requested size (no timings here)."""

from xuanjiao.content.loader import load_project
from xuanjiao_bench.synthetic import KINDS, write_project


def test_synthetic_project_loads_with_n_materials_and_campaigns(tmp_path):
    root = write_project(tmp_path / "syn", 7)
    project, warnings = load_project(root)
    assert len(project.materials) == 7
    assert len(project.campaigns) == 7
    assert {m.kind for m in project.materials.values()} == set(KINDS)
    assert all(m.status == "approved" and m.reviewed_by for m in project.materials.values())
    assert len(project.volunteers) > 0
    assert not [w for w in warnings if w.severity == "error"]


def test_synthetic_project_is_deterministic(tmp_path):
    a = write_project(tmp_path / "a", 3)
    b = write_project(tmp_path / "b", 3)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


def test_realistic_case_is_the_example_with_six_materials_and_sixteen_leaflets(tmp_path):
    from conftest import REPO
    from xuanjiao_bench.realistic import SIX, write_realistic

    project, warnings = load_project(write_realistic(REPO, tmp_path / "realistic"))
    assert len(project.materials) == 22
    assert len({project.materials[m].kind for m in SIX}) == 6
    leaflets = [m for m in project.materials.values() if m.id.startswith("whd-leaflet-")]
    assert len(leaflets) == 16 and len({m.title for m in leaflets}) == 16
    assert {m.body for m in leaflets} == {project.materials["whd-leaflet"].body}
    assert not [w for w in warnings if w.severity == "error"]
