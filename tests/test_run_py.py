"""run.py's pure helpers, imported as a module. No network, no venv creation:
these tests check the decisions (what to install, which argv to run), not pip."""
from __future__ import annotations

import ast
import importlib.util
import ipaddress
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN_PY = ROOT / "run.py"


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("perkin_run", RUN_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- requirements hash ---------------------------------------------------------

def test_requirements_change_is_detected_by_sha256(run, tmp_path):
    venv = tmp_path / "venv"
    venv.mkdir()
    req = tmp_path / "requirements.txt"
    req.write_text("streamlit==1.67.0\n")

    assert run.requirements_changed(venv, req)          # never installed
    run.record_requirements(venv, req)
    assert (venv / ".requirements.sha256").read_text().strip() == run.file_sha256(req)
    assert not run.requirements_changed(venv, req)      # same file: no reinstall

    req.write_text("streamlit==1.67.0\nfpdf2==2.8.9\n")
    assert run.requirements_changed(venv, req)          # a new pin: reinstall

    run.record_requirements(venv, req)
    (venv / ".requirements.sha256").write_text("garbage\n")
    assert run.requirements_changed(venv, req)


def test_file_sha256_of_the_real_requirements(run):
    import hashlib
    expected = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()
    assert run.file_sha256(run.REQUIREMENTS) == expected
    assert run.REQUIREMENTS == ROOT / "requirements.txt"


# --- venv location -------------------------------------------------------------

def test_venv_location_and_python(run, tmp_path):
    assert run.venv_dir({}, root=tmp_path) == tmp_path / ".venv"
    assert run.venv_dir({"PERKIN_VENV": str(tmp_path / "ci-venv")}) == (tmp_path / "ci-venv").resolve()
    venv = Path("/x/.venv")
    assert run.venv_python(venv, "linux") == venv / "bin" / "python"
    assert run.venv_python(venv, "darwin") == venv / "bin" / "python"
    assert run.venv_python(venv, "win32") == venv / "Scripts" / "python.exe"


def test_pip_argv_online_and_offline(run):
    py, req = Path("/v/bin/python"), Path("/c/requirements.txt")
    online = run.pip_install_argv(py, req)
    assert online[:4] == [str(py), "-m", "pip", "install"]
    assert online[-2:] == ["-r", str(req)]
    assert "--no-index" not in online

    offline = run.pip_install_argv(py, req, Path("/media/usb/wheels"))
    i = offline.index("--find-links")
    assert "--no-index" in offline and offline[i + 1] == "/media/usb/wheels"
    assert offline[-2:] == ["-r", str(req)]

    download = run.pip_download_argv(py, Path("w"), ["--platform", "win_amd64"], req)
    assert download[:4] == [str(py), "-m", "pip", "download"]
    assert download[download.index("-d") + 1] == "w"
    assert download[download.index("-r") + 1] == str(req)
    assert download[-2:] == ["--platform", "win_amd64"]


# --- arguments -----------------------------------------------------------------

def test_parse_start_options(run):
    ns = run.parse_args([])
    assert (ns.command, ns.port, ns.lan, ns.force_demo_lan, ns.wheelhouse) == (None, 8501, False, False, None)
    ns = run.parse_args(["--port", "9000", "--lan", "--force-demo-lan", "--wheelhouse", "w"])
    assert (ns.port, ns.lan, ns.force_demo_lan, ns.wheelhouse) == (9000, True, True, Path("w"))


def test_everything_after_the_command_belongs_to_it(run):
    ns = run.parse_args(["test", "-k", "worktime", "--lan", "-x"])
    assert ns.command == "test" and ns.args == ["-k", "worktime", "--lan", "-x"]
    ns = run.parse_args(["user", "add", "--role", "camat", "--help"])
    assert ns.command == "user" and ns.args == ["add", "--role", "camat", "--help"]
    ns = run.parse_args(["--wheelhouse", "/w", "test"])
    assert ns.command == "test" and ns.wheelhouse == Path("/w")


@pytest.mark.parametrize("argv, fragment", [
    (["--port", "70000"], "65535"),
    (["--port", "abc"], "port harus angka"),
    (["--force-demo-lan"], "hanya bersama --lan"),
    (["--lan", "backup"], "hanya untuk menjalankan aplikasi"),
    (["wheels"], "wheels DIR"),
    (["--bogus"], "argumen tidak dikenal"),
])
def test_bad_arguments_exit_2_with_indonesian_message(run, capsys, argv, fragment):
    with pytest.raises(SystemExit) as exc:
        run.parse_args(argv)
    assert exc.value.code == 2
    assert fragment in capsys.readouterr().err


# --- dispatch ------------------------------------------------------------------

PY = Path("/v/bin/python")


def test_start_runs_prestart_then_streamlit_on_localhost(run):
    prestart, streamlit = run.build_commands(run.parse_args([]), PY)
    assert prestart == [str(PY), "-m", "lib.cli", "prestart"]
    assert streamlit == [str(PY), "-m", "streamlit", "run", "app.py",
                         "--server.port", "8501", "--server.address", "localhost",
                         "--server.headless", "true"]


def test_lan_start_binds_all_interfaces_and_tells_prestart(run):
    ns = run.parse_args(["--lan", "--force-demo-lan", "--port", "8600"])
    prestart, streamlit = run.build_commands(ns, PY)
    assert prestart == [str(PY), "-m", "lib.cli", "prestart", "--lan", "--force-demo-lan"]
    assert streamlit[streamlit.index("--server.address") + 1] == "0.0.0.0"
    assert streamlit[streamlit.index("--server.port") + 1] == "8600"


def test_test_bench_wheels_and_passthrough_commands(run):
    assert run.build_commands(run.parse_args(["test"]), PY) == [[str(PY), "-m", "pytest", "-q"]]
    assert run.build_commands(run.parse_args(["test", "tests/test_x.py", "-x"]), PY) == [
        [str(PY), "-m", "pytest", "-q", "tests/test_x.py", "-x"]]
    assert run.build_commands(run.parse_args(["bench", "--rows", "300"]), PY) == [
        [str(PY), "-m", "bench", "--rows", "300"]]
    (download,) = run.build_commands(run.parse_args(["wheels", "whl"]), PY)
    assert download[2:4] == ["pip", "download"] and download[download.index("-d") + 1] == "whl"
    for command in ("init", "backup", "restore", "user", "render", "import-format",
                    "export-rekap", "export-timeline", "check"):
        ns = run.parse_args([command, "--tahun", "2025"])
        assert run.build_commands(ns, PY) == [[str(PY), "-m", "lib.cli", command, "--tahun", "2025"]]


def test_child_environment_passes_through_and_defaults_the_data_folder(run, tmp_path):
    base = {"PATH": "/usr/bin", "CI": "true"}
    env = run.child_env(run.parse_args([]), base, root=tmp_path)
    assert env["PATH"] == "/usr/bin" and env["CI"] == "true"
    assert env["PERKIN_DATA_DIR"] == str(tmp_path / "data")
    assert base == {"PATH": "/usr/bin", "CI": "true"}  # caller's dict untouched

    chosen = run.child_env(run.parse_args(["backup"]), {"PERKIN_DATA_DIR": "/srv/perkin"}, root=tmp_path)
    assert chosen["PERKIN_DATA_DIR"] == "/srv/perkin"

    # tests choose their own data folders; run.py does not point them at real data
    assert "PERKIN_DATA_DIR" not in run.child_env(run.parse_args(["test"]), {}, root=tmp_path)


def test_bench_without_bench_package_exits_2(run, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(run, "ROOT", tmp_path)  # a checkout without bench/
    assert run.main(["bench"]) == 2
    assert "bench/__main__.py" in capsys.readouterr().out


# --- network helpers -----------------------------------------------------------

def test_start_banner(run):
    assert run.start_banner(8501, False, None) == [
        "Perkin berjalan di http://localhost:8501", "Tekan Ctrl+C untuk menghentikan."]
    lan = run.start_banner(8600, True, "192.168.1.20")
    assert lan[0] == "Perkin berjalan di http://localhost:8600"
    assert "http://192.168.1.20:8600" in lan[1]
    assert "tidak ditemukan" in run.start_banner(8501, True, None)[1]


def test_lan_address_is_a_real_non_loopback_ipv4_or_none(run):
    ip = run.lan_address()
    if ip is not None:
        addr = ipaddress.IPv4Address(ip)
        assert not addr.is_loopback and not addr.is_unspecified


def test_port_in_use_is_detected(run):
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert run.port_is_free(port) is False
    finally:
        holder.close()


# --- the script itself -----------------------------------------------------------

@pytest.mark.subprocess
def test_help_runs_with_plain_python():
    result = subprocess.run([sys.executable, str(RUN_PY), "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "--wheelhouse" in result.stdout and "perintah" in result.stdout


def test_run_py_imports_only_the_standard_library():
    tree = ast.parse(RUN_PY.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "run.py must not import from the checkout"
            imported.add(node.module.split(".")[0])
    assert imported, "found no imports at all"
    outside = sorted(m for m in imported if m not in sys.stdlib_module_names)
    assert outside == []
