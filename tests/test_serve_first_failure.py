"""`serve` whose first build fails says so, instead of promising a last good site."""

from __future__ import annotations

from xuanjiao.serve.server import LIVE_JS, LiveState


def test_a_failed_first_build_does_not_claim_a_last_good_site(tmp_path):
    state = LiveState(tmp_path / "build" / "site")
    state.failed(["content/materials/x.md:3:1: error: image not found: ../assets/x.svg"])
    assert state.snapshot()[1]["site"] is False
    (tmp_path / "build" / "site").mkdir(parents=True)
    state.failed(["again"])
    assert state.snapshot()[1]["site"] is True
    assert "no site has been built yet" in LIVE_JS and "s.site !== false" in LIVE_JS
