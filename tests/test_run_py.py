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


# --- the quick loop, the light install, quiet setup ------------------------------

# pypdf is not among them: the upload validator (lib.uploads) opens every PDF with it.
DEV_TOOLS = {"pytest", "hypothesis", "playwright", "greenlet", "iniconfig",
             "sortedcontainers", "pygments", "pytest-xdist", "execnet"}


def test_quick_test_leaves_out_browser_subprocess_and_slow_tests(run):
    (argv,) = run.build_commands(run.parse_args(["test", "--quick", "-x"]), PY)
    assert argv == [str(PY), "-m", "pytest", "-q", "-m",
                    "not browser and not subprocess and not slow", "-n", "auto", "-x"]
    (argv,) = run.build_commands(run.parse_args(["test", "--quick", "-n", "1"]), PY)
    assert argv.count("-n") == 1 and argv[-2:] == ["-n", "1"]  # the developer's choice
    (argv,) = run.build_commands(run.parse_args(["test", "-x"]), PY)
    assert "-m" not in argv[3:]  # the whole suite stays the whole suite


def test_which_set_each_command_installs(run):
    for argv in ([], ["init"], ["backup"], ["check"], ["wheels", "w"]):
        assert run.requirements_for(run.parse_args(argv)) == run.REQUIREMENTS, argv
    for argv in (["test"], ["test", "--quick"], ["bench"]):
        assert run.requirements_for(run.parse_args(argv)) == run.REQUIREMENTS_DEV, argv
    (runtime,) = run.build_commands(run.parse_args(["wheels", "w", "--no-deps"]), PY)
    assert runtime[runtime.index("-r") + 1] == str(run.REQUIREMENTS) and "--no-deps" in runtime
    (dev,) = run.build_commands(run.parse_args(["wheels", "w", "--dev"]), PY)
    assert dev[dev.index("-r") + 1] == str(run.REQUIREMENTS_DEV) and "--dev" not in dev


def test_wheels_needs_its_folder_first(run, capsys):
    with pytest.raises(SystemExit):
        run.parse_args(["wheels", "--dev"])
    assert "wheels DIR [--dev]" in capsys.readouterr().err


def test_runtime_set_holds_no_test_tools_and_dev_set_adds_them(run):
    runtime = run.pinned(run.REQUIREMENTS)
    dev = run.pinned(run.REQUIREMENTS_DEV)
    assert not DEV_TOOLS & set(runtime)
    assert DEV_TOOLS <= set(dev)
    assert {k: v for k, v in dev.items() if k in runtime} == runtime  # same pins
    assert run.requirement_files(run.REQUIREMENTS_DEV) == [run.REQUIREMENTS_DEV,
                                                           run.REQUIREMENTS]
    for path in (run.REQUIREMENTS, run.REQUIREMENTS_DEV):  # pinned, every line
        for line in run.requirement_lines(path):
            assert "==" in line, line


def _closure_problems(pins: dict[str, str]) -> list[str]:
    """Every installed dependency of every pin must be pinned too (same version)."""
    from importlib import metadata

    from packaging.requirements import Requirement

    problems = []
    for name, version in pins.items():
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name} not installed here")
            continue
        if dist.version != version:
            continue  # this venv differs (e.g. a shared one); nothing to read reliably
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            dep = req.name.lower().replace("_", "-").replace(".", "-")
            if dep == "pip":
                continue  # every venv has pip
            if dep not in pins:
                problems.append(f"{name} needs {req} (not pinned)")
    return problems


def test_each_set_is_closed_under_its_dependencies(run):
    assert _closure_problems(run.pinned(run.REQUIREMENTS)) == []
    assert _closure_problems(run.pinned(run.REQUIREMENTS_DEV)) == []


def _third_party_imports(paths: list[Path]) -> set[str]:
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    local = {"app", "pages", "lib", "db", "bench", "tests", "conftest", "run", "workbooks",
             "cyclehelp", "race_worker", "test_backup", "ui"}
    return {m for m in found if m not in sys.stdlib_module_names and m not in local}


def _distributions(modules: set[str], run) -> dict[str, set[str]]:
    from importlib import metadata

    by_module = metadata.packages_distributions()
    return {m: {run.canonical(d) for d in by_module.get(m, [])} for m in modules}


def test_the_app_imports_only_the_runtime_set(run):
    app_files = [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "lib").rglob("*.py"),
                 *(ROOT / "db").rglob("*.py")]
    runtime = set(run.pinned(run.REQUIREMENTS))
    dists = _distributions(_third_party_imports(app_files), run)
    assert "streamlit" in dists and "fpdf" in dists
    outside = {m: d for m, d in dists.items() if not d & runtime}
    assert outside == {}, f"imported by the app but not in requirements.txt: {outside}"


def test_tests_and_benchmarks_import_only_the_dev_set(run):
    files = [*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    dev = set(run.pinned(run.REQUIREMENTS_DEV))
    dists = _distributions(_third_party_imports(files), run)
    assert "pytest" in dists and "playwright" in dists
    outside = {m: d for m, d in dists.items() if not d & dev}
    assert outside == {}, f"imported by tests/bench but not in requirements-dev.txt: {outside}"


def test_dev_stamp_covers_the_runtime_file_it_includes(run, tmp_path):
    venv = tmp_path / "venv"
    venv.mkdir()
    rt = tmp_path / "requirements.txt"
    rt.write_text("fpdf2==2.8.9\n")
    dev = tmp_path / "requirements-dev.txt"
    dev.write_text("-r requirements.txt\npytest==9.2.0\n")
    assert run.requirements_changed(venv, dev) and run.requirements_changed(venv, rt)
    run.record_requirements(venv, dev)  # installing the dev set installs the runtime set
    assert not run.requirements_changed(venv, dev) and not run.requirements_changed(venv, rt)
    assert (venv / ".requirements-dev.sha256").exists()
    rt.write_text("fpdf2==2.8.10\n")      # a new runtime pin: both sets are stale
    assert run.requirements_changed(venv, dev) and run.requirements_changed(venv, rt)
    assert run.pinned(dev) == {"fpdf2": "2.8.10", "pytest": "9.2.0"}


PIP_OUTPUT = """\
Looking in links: /w
Processing /w/altair-6.3.0-py3-none-any.whl (from -r requirements.txt (line 1))
Processing /w/click_default_group-1.2.4-py3-none-any.whl (from -r requirements.txt (line 2))
Collecting PyYAML==6.0.3 (from -r requirements.txt (line 3))
Requirement already satisfied: pip in /v/lib/python3.11/site-packages (23.2.1)
Requirement already satisfied: typing_extensions==4.16.0 in /v/lib/site-packages (4.16.0)
Installing collected packages: PyYAML, click-default-group, altair
Successfully installed PyYAML-6.0.3 altair-6.3.0 click-default-group-1.2.4
"""
PINS = {"altair": "6.3.0", "click-default-group": "1.2.4", "pyyaml": "6.0.3",
        "typing-extensions": "4.16.0"}


def test_progress_counts_checked_then_installed_packages_in_indonesian(run, tmp_path):
    import io

    site = tmp_path / "site-packages"
    site.mkdir()
    out = io.StringIO()
    progress = run.InstallProgress(PINS, site, offline=True, out=out, tty=False)
    lines = PIP_OUTPUT.splitlines()
    for line in lines[:6]:
        progress.feed(line)
    assert progress.state() == ("Memeriksa", 4, "pyyaml")
    progress.feed(lines[6])                            # Installing collected packages
    assert progress.state()[:2] == ("Memasang", 1)     # typing_extensions was there
    (site / "PyYAML-6.0.3.dist-info").mkdir()
    (site / "altair-6.0.0.dist-info").mkdir()          # an old version is not the pin
    assert progress.state() == ("Memasang", 2, "click-default-group")
    (site / "altair-6.0.0.dist-info").rename(site / "altair-6.3.0.dist-info")
    (site / "click_default_group-1.2.4.dist-info").mkdir()
    progress.feed(lines[7])
    progress.finish()
    shown = out.getvalue().splitlines()
    assert shown[-1] == "  Memasang paket 4/4"
    assert "  Memeriksa paket 4/4" in shown
    assert not any(w in out.getvalue() for w in ("Processing", "Collecting", "Successfully"))

    tty = io.StringIO()
    progress = run.InstallProgress(PINS, site, offline=False, out=tty, tty=True)
    for line in lines:
        progress.feed(line)
    progress.finish()
    assert "\r  Mengunduh paket 1/4: altair" in tty.getvalue()
    assert tty.getvalue().endswith("\n") and "\n" not in tty.getvalue()[:-1]  # one line
    assert tty.getvalue().rsplit("\r", 1)[1].strip() == "Memasang paket 4/4"


def _probe_wheel(folder: Path, version: str = "1.0") -> Path:
    """A real, minimal wheel (one module) for pip to install offline."""
    import base64
    import hashlib
    import zipfile

    name = f"perkin_probe-{version}"
    files = {
        "perkin_probe.py": b"VALUE = 1\n",
        f"{name}.dist-info/METADATA":
            f"Metadata-Version: 2.1\nName: perkin-probe\nVersion: {version}\n".encode(),
        f"{name}.dist-info/WHEEL":
            b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = ""
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record += f"{path},sha256={digest},{len(data)}\n"
    record += f"{name}.dist-info/RECORD,,\n"
    wheel = folder / f"{name}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for path, data in files.items():
            zf.writestr(path, data)
        zf.writestr(f"{name}.dist-info/RECORD", record)
    return wheel


@pytest.mark.subprocess
@pytest.mark.slow
def test_first_setup_is_quiet_and_a_failure_names_pips_log(run, tmp_path, capsys):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    _probe_wheel(wheels)
    req = tmp_path / "requirements.txt"
    req.write_text("perkin-probe==1.0\n")
    data = tmp_path / "data"
    env = {"PERKIN_VENV": str(tmp_path / "venv"), "PERKIN_DATA_DIR": str(data)}

    python = run.ensure_venv(wheels, env=env, requirements=req)
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Membuat lingkungan Python (sekali saja)..."
    assert f"dari {wheels} (tanpa internet)" in out
    assert "  Memasang paket 1/1" in out and "1 paket siap" in out
    for english in ("Processing", "Installing collected", "Successfully", "pip"):
        assert english not in out, out
    log = (data / run.INSTALL_LOG).read_text(encoding="utf-8")
    assert "Successfully installed perkin-probe-1.0" in log
    probe = subprocess.run([str(python), "-c", "import perkin_probe; print(perkin_probe.VALUE)"],
                           capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip() == "1"

    assert run.ensure_venv(wheels, env=env, requirements=req) == python  # stamped: silent
    assert capsys.readouterr().out == ""

    req.write_text("perkin-probe==2.0\n")  # not in the wheel folder
    with pytest.raises(SystemExit) as exc:
        run.ensure_venv(wheels, env=env, requirements=req)
    assert exc.value.code != 0
    out = capsys.readouterr().out
    assert f"Catatan lengkap pip: {(data / run.INSTALL_LOG).resolve()}" in out
    assert "Pemasangan paket gagal" in out and "--wheelhouse" in out
    assert "ERROR" not in out  # pip's English stays in the log ...
    assert "perkin-probe==2.0" in (data / run.INSTALL_LOG).read_text(encoding="utf-8")
    assert run.requirements_changed(tmp_path / "venv", req)  # ... and nothing is stamped
