#!/usr/bin/env python3
"""Perkin's one entry point. Standard library only, so it runs before anything
is installed, on Linux, macOS and Windows (``py run.py``).

    python3 run.py [--port N] [--lan] [--force-demo-lan] [--wheelhouse DIR]
    python3 run.py test [--quick] [pytest args]
    python3 run.py wheels DIR [--dev] [pip download args]
    python3 run.py bench [args]
    python3 run.py <command> [args]      -> python -m lib.cli <command> [args]

It keeps a virtual environment (``.venv`` in the checkout, or ``PERKIN_VENV``)
with the pinned ``requirements.txt`` installed (the run-time set; ``test`` and
``bench`` add ``requirements-dev.txt`` on first use), reinstalling only when a
file's sha256 changes and the environment does not already hold its pins, then
runs everything with that environment's Python from the checkout folder.

Setup speaks in short Indonesian progress lines (creating the environment,
packages n/N, the database); pip's own output goes to ``pemasangan-paket.log``
in the data folder, named when something fails.
"""
from __future__ import annotations

import argparse
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
REQUIREMENTS = ROOT / "requirements.txt"
REQUIREMENTS_DEV = ROOT / "requirements-dev.txt"  # -r requirements.txt + test/bench tools
DEV_COMMANDS = ("test", "bench")
HASH_FILE = ".requirements.sha256"
INSTALL_LOG = "pemasangan-paket.log"
# python3 run.py test --quick: what a developer runs while editing (see pytest.ini),
# spread over the machine's cores with pytest-xdist (requirements-dev.txt).
QUICK_MARKERS = "not browser and not subprocess and not slow"
QUICK_WORKERS = ["-n", "auto"]
DEFAULT_PORT = 8501
MIN_PYTHON = (3, 11)

DEBIAN_HINT = "Pasang dulu paket python3-venv: sudo apt install python3-venv"

USAGE = """\
python3 run.py [--port N] [--lan] [--force-demo-lan] [--wheelhouse DIR]
            python3 run.py <perintah> [argumen...]"""

DESCRIPTION = """\
Menjalankan Perkin. Tanpa perintah: menyiapkan lingkungan Python (sekali saja),
memperbarui database, membuat cadangan otomatis, lalu membuka aplikasi di
http://localhost:8501."""

EPILOG = """\
perintah:
  test [argumen pytest]     menjalankan semua pengujian (--quick: tanpa uji
                            peramban, antarproses dan lambat)
  wheels DIR [--dev]        mengunduh paket ke DIR (di komputer yang terhubung
                            internet) untuk dipasang luring dengan --wheelhouse DIR;
                            --dev menambahkan paket pengujian
  bench [argumen]           menjalankan pengukuran kinerja
  init, backup, restore, user, render, import-format, export-rekap,
  export-timeline, check, ...
                            perintah pengelolaan (python -m lib.cli <perintah> --help)

variabel lingkungan:
  PERKIN_DATA_DIR           folder data (bawaan: folder data/ di checkout)
  PERKIN_VENV               lokasi lingkungan Python (bawaan: .venv di checkout)"""


# --- arguments ---------------------------------------------------------------

class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix or "cara pakai: ")


class _Parser(argparse.ArgumentParser):
    """argparse with its most common complaints in Bahasa Indonesia."""

    _WORDS = [("unrecognized arguments", "argumen tidak dikenal"),
              ("expected one argument", "butuh satu nilai"),
              ("invalid choice", "pilihan tidak dikenal"),
              ("argument ", "argumen ")]

    def error(self, message: str):
        for english, indonesian in self._WORDS:
            message = message.replace(english, indonesian)
        self.print_usage(sys.stderr)
        self.exit(2, f"run.py: kesalahan: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="run.py", usage=USAGE, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=_Formatter, add_help=False)
    parser._optionals.title = "pilihan"
    parser.add_argument("-h", "--help", action="help",
                        help="menampilkan bantuan ini lalu keluar")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT,
                        help=f"port aplikasi (bawaan {DEFAULT_PORT})")
    parser.add_argument("--lan", action="store_true",
                        help="dapat dibuka dari komputer lain di jaringan kantor")
    parser.add_argument("--force-demo-lan", action="store_true",
                        help="izinkan --lan walaupun data masih data demo")
    parser.add_argument("--wheelhouse", metavar="DIR", type=Path,
                        help="pasang paket dari folder DIR tanpa internet")
    parser.add_argument("command", nargs="?", metavar="perintah", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port harus angka, bukan {value!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError("port harus antara 1 dan 65535")
    return port


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Global options come before the command; everything after the command
    belongs to it (``run.py test -k foo`` passes ``-k foo`` to pytest)."""
    parser = build_parser()
    ns = parser.parse_args(argv)
    if ns.command is None and ns.args:  # pragma: no cover - argparse keeps these apart
        parser.error(f"argumen tidak dikenal: {' '.join(ns.args)}")
    if ns.command is not None and (ns.lan or ns.force_demo_lan or ns.port != DEFAULT_PORT):
        parser.error("--port, --lan dan --force-demo-lan hanya untuk menjalankan aplikasi "
                     "(tanpa perintah)")
    if ns.force_demo_lan and not ns.lan:
        parser.error("--force-demo-lan hanya bersama --lan")
    if ns.command == "wheels" and (len(ns.args) < 1 or ns.args[0].startswith("-")):
        parser.error("pakai: python3 run.py wheels DIR [--dev]")
    return ns


# --- the virtual environment -------------------------------------------------

def venv_dir(env: dict | os._Environ = os.environ, root: Path = ROOT) -> Path:
    override = env.get("PERKIN_VENV")
    return Path(override).expanduser().resolve() if override else root / ".venv"


def venv_python(venv: Path, platform: str = sys.platform) -> Path:
    if platform.startswith("win"):
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_INCLUDE = re.compile(r"^\s*(?:-r|--requirement)[=\s]\s*(\S+)")


def requirement_files(requirements: Path) -> list[Path]:
    """The file and every file it pulls in with ``-r`` (relative to it), in order."""
    files = [requirements]
    for line in requirements.read_text(encoding="utf-8").splitlines():
        m = _INCLUDE.match(line)
        if m:
            for inner in requirement_files((requirements.parent / m.group(1)).resolve()):
                if inner not in files:
                    files.append(inner)
    return files


def requirements_sha256(requirements: Path) -> str:
    """sha256 of the file, or, when it includes others, of all of them."""
    files = requirement_files(requirements)
    if len(files) == 1:
        return file_sha256(requirements)
    joined = "".join(f"{f.name} {file_sha256(f)}\n" for f in files)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def stamp_path(venv: Path, requirements: Path) -> Path:
    # .requirements.sha256 for the run-time set, .requirements-dev.sha256 for the dev set
    return venv / (HASH_FILE if requirements.stem == "requirements"
                   else f".{requirements.stem}.sha256")


def requirements_changed(venv: Path, requirements: Path = REQUIREMENTS) -> bool:
    """True when the environment was never installed from these exact files."""
    try:
        recorded = stamp_path(venv, requirements).read_text(encoding="ascii").strip()
    except OSError:
        return True
    return recorded != requirements_sha256(requirements)


def record_requirements(venv: Path, requirements: Path = REQUIREMENTS) -> None:
    """Stamp the set and every file it includes (installing the dev set installs the
    run-time set too)."""
    for f in requirement_files(requirements):
        stamp_path(venv, f).write_text(requirements_sha256(f) + "\n", encoding="ascii")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(requirements: Path) -> dict[str, str]:
    """Canonical name -> pinned version of every ``name==version`` line, includes too."""
    pins = {}
    for f in requirement_files(requirements):
        for line in f.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;]+)", line)
            if m:
                pins[canonical(m.group(1))] = m.group(2)
    return pins


_SATISFIED_CHECK = """\
import json, sys
from importlib import metadata
try:
    from packaging.requirements import Requirement
except ImportError:
    sys.exit(1)
for line in json.loads(sys.argv[1]):
    req = Requirement(line)
    if req.marker is not None and not req.marker.evaluate():
        continue
    try:
        version = metadata.version(req.name)
    except metadata.PackageNotFoundError:
        sys.exit(1)
    if not req.specifier.contains(version, prereleases=True):
        sys.exit(1)
"""


def requirement_lines(requirements: Path) -> list[str]:
    lines = []
    for f in requirement_files(requirements):
        for line in f.read_text(encoding="utf-8").splitlines():
            line = line.split(" #", 1)[0].strip()
            if line and not line.startswith(("#", "-")):
                lines.append(line)
    return lines


def pins_satisfied(python: Path, requirements: Path) -> bool:
    """True when the environment already holds every pin (e.g. a shared or older venv
    after only comments or the split of the files changed): no pip run is needed."""
    try:
        result = subprocess.run(
            [str(python), "-c", _SATISFIED_CHECK, json.dumps(requirement_lines(requirements))],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def pip_install_argv(python: Path, requirements: Path = REQUIREMENTS,
                     wheelhouse: Path | None = None) -> list[str]:
    argv = [str(python), "-m", "pip", "install", "--disable-pip-version-check",
            "--progress-bar", "off"]
    if wheelhouse is not None:
        argv += ["--no-index", "--find-links", str(wheelhouse)]
    return argv + ["-r", str(requirements)]


def pip_download_argv(python: Path, dest: Path, extra: list[str] = (),
                      requirements: Path = REQUIREMENTS) -> list[str]:
    return [str(python), "-m", "pip", "download", "--disable-pip-version-check",
            "-r", str(requirements), "-d", str(dest), *extra]


def is_debian_like() -> bool:
    return sys.platform.startswith("linux") and (
        Path("/etc/debian_version").exists() or shutil.which("apt") is not None)


def install_log_path(env: dict | os._Environ = os.environ, root: Path = ROOT) -> Path:
    """pip's log: in the data folder (created if needed), else the temp folder."""
    folder = Path(env.get("PERKIN_DATA_DIR") or root / "data").expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return folder.resolve() / INSTALL_LOG
    except OSError:
        import tempfile

        return Path(tempfile.gettempdir()) / INSTALL_LOG


def site_packages(venv: Path) -> Path | None:
    for candidate in [venv / "Lib" / "site-packages", *sorted(venv.glob("lib/python*/site-packages"))]:
        if candidate.is_dir():
            return candidate
    return None


class InstallProgress:
    """Turns pip's English output (all of it kept in the log) into one short
    Indonesian line: packages checked n/N, then packages installed n/N. pip prints
    nothing while it unpacks wheels, so the install count comes from the
    ``*.dist-info`` folders appearing in site-packages."""

    def __init__(self, pins: dict[str, str], site: Path | None, offline: bool,
                 out=None, tty: bool | None = None):
        self.pins = pins
        self.total = len(pins)
        self.site = site
        self.offline = offline
        self.out = out or sys.stdout
        self.tty = self.out.isatty() if tty is None else tty
        self.seen: set[str] = set()        # collected, processed or already there
        self.satisfied: set[str] = set()   # already installed at the pinned version
        self.installing: list[str] = []    # from "Installing collected packages: ..."
        self.current = ""
        self.phase = "check"
        self._shown: tuple | None = None
        self._last_text = ""
        self._width = 0
        self._lock = threading.Lock()

    # --- reading pip's lines
    def _name_of(self, token: str) -> str | None:
        token = token.rstrip(",")
        if "/" in token or "\\" in token or token.endswith((".whl", ".tar.gz", ".zip")):
            base = canonical(re.split(r"[\\/]", token)[-1])
            matches = [n for n in self.pins if base.startswith(n + "-")]
            return max(matches, key=len) if matches else None
        name = canonical(re.split(r"[=<>!~;\[\s(]", token, maxsplit=1)[0])
        return name if name in self.pins else None

    def feed(self, line: str) -> None:
        line = line.strip()
        with self._lock:
            m = re.match(r"^(?:Collecting|Processing|Obtaining) (\S+)", line)
            if m:
                name = self._name_of(m.group(1))
                if name:
                    self.seen.add(name)
                    self.current = name
            m = re.match(r"^Requirement already satisfied: (\S+)", line)
            if m:
                name = self._name_of(m.group(1))
                if name:
                    self.seen.add(name)
                    self.satisfied.add(name)
            if line.startswith("Installing collected packages:"):
                names = line.split(":", 1)[1].split(",")
                self.installing = [canonical(n.strip()) for n in names if n.strip()]
                self.phase = "install"
        self.show()

    # --- counting
    def installed_now(self) -> set[str]:
        if self.site is None:
            return set()
        found = set()
        try:
            entries = os.listdir(self.site)
        except OSError:
            return found
        for entry in entries:
            if entry.endswith(".dist-info"):
                name, _, version = entry[:-len(".dist-info")].partition("-")
                name = canonical(name)
                if self.pins.get(name, version) == version:
                    found.add(name)
        return found

    def state(self) -> tuple[str, int, str]:
        with self._lock:
            if self.phase == "done":
                return "Memasang", self.total, ""
            if self.phase == "check":
                n = len(self.seen)
                verb = "Memeriksa" if self.offline else "Mengunduh"
                return verb, n, self.current
            done = self.installed_now() & set(self.installing)
            pending = [n for n in self.installing if n not in done]
            n = len(self.satisfied | done)
            return "Memasang", min(n, self.total), pending[0] if pending else ""

    # --- showing
    def show(self, final: bool = False) -> None:
        verb, n, current = self.state()
        text = f"  {verb} paket {n}/{self.total}"
        if self.tty:
            line = text + (f": {current}" if current and not final else "")
            pad = max(0, self._width - len(line))
            self._width = len(line)
            self.out.write("\r" + line + " " * pad + ("\n" if final else ""))
            self.out.flush()
            return
        # not a terminal (a log, CI): a line when the phase changes and at each quarter
        quarter = (verb, n * 4 // max(1, self.total))
        if (final or quarter != self._shown) and text != self._last_text:
            self.out.write(text + "\n")
            self.out.flush()
            self._last_text = text
        self._shown = quarter

    def finish(self) -> None:
        """pip succeeded: every package is in place."""
        with self._lock:
            self.phase = "done"
        self.show(final=True)


def install_requirements(python: Path, requirements: Path, wheelhouse: Path | None,
                         log_path: Path, venv: Path | None = None, out=None) -> int:
    """pip install with pip's output in ``log_path`` and a progress line on ``out``."""
    out = out or sys.stdout
    argv = pip_install_argv(python, requirements, wheelhouse)
    pins = pinned(requirements)
    progress = InstallProgress(pins, site_packages(venv or python.parent.parent),
                               wheelhouse is not None, out)
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8", errors="replace") as log:
        log.write(f"# {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(argv)}\n")
        log.flush()
        try:
            proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    text=True, encoding="utf-8", errors="replace")
        except OSError as exc:
            log.write(f"{exc}\n")
            return 1
        stop = threading.Event()

        def tick():
            while not stop.wait(0.5):
                progress.show()

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            for line in proc.stdout:
                log.write(line)
                progress.feed(line)
            code = proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            proc.wait()
            stop.set()
            out.write("\n")
            say("Pemasangan paket dibatalkan.")
            raise SystemExit(130)
        finally:
            stop.set()
            ticker.join()
        log.write(f"# pip selesai dengan kode {code}\n")
    if code == 0:
        progress.finish()
        say(f"  {progress.total} paket siap ({time.monotonic() - started:.0f} detik).")
    else:
        if progress.tty:
            out.write("\n")
        last = progress.current
        say(f"Pemasangan paket gagal (kode {code}" + (f", pada paket {last}" if last else "")
            + f"). Catatan lengkap pip: {log_path}")
    return code


def create_venv(venv: Path, log_path: Path | None = None) -> None:
    """Create ``venv`` with pip, or exit with an Indonesian explanation."""
    say("Membuat lingkungan Python (sekali saja)...")
    existed = venv.exists()
    result = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True,
                            text=True, errors="replace")
    if log_path is not None:
        try:
            log_path.write_text(f"# {sys.executable} -m venv {venv}\n{result.stdout}"
                                f"{result.stderr}", encoding="utf-8")
        except OSError:
            log_path = None
    if result.returncode == 0 and venv_python(venv).exists():
        return
    if not existed:  # leave no half-made environment behind for the next try
        shutil.rmtree(venv, ignore_errors=True)
    say("Lingkungan Python tidak dapat dibuat."
        + (f" Catatan lengkap: {log_path}" if log_path is not None else ""))
    if is_debian_like():
        say(DEBIAN_HINT)
    raise SystemExit(1)


def ensure_venv(wheelhouse: Path | None = None, *, install: bool = True,
                env: dict | os._Environ = os.environ,
                requirements: Path = REQUIREMENTS) -> Path:
    """Make sure the environment exists (and, with ``install``, holds
    ``requirements``: the run-time set, or the dev set for tests); return its Python."""
    venv = venv_dir(env)
    python = venv_python(venv)
    log_path = install_log_path(env)
    if not python.exists():
        create_venv(venv, log_path)
    if install and requirements_changed(venv, requirements):
        if wheelhouse is not None and not wheelhouse.is_dir():
            say(f"Folder paket {wheelhouse} tidak ditemukan.")
            raise SystemExit(1)
        if pins_satisfied(python, requirements):
            record_requirements(venv, requirements)
            return python
        what = "paket pengujian" if requirements != REQUIREMENTS else "paket yang dibutuhkan"
        if wheelhouse is not None:
            say(f"Memasang {what} dari {wheelhouse} (tanpa internet)...")
        else:
            say(f"Memasang {what} (sekali saja, perlu internet)...")
        code = install_requirements(python, requirements, wheelhouse, log_path, venv)
        if code != 0:
            say("Periksa koneksi internet, atau pakai --wheelhouse DIR dengan paket yang "
                "diunduh lewat 'run.py wheels DIR'.")
            raise SystemExit(code)
        record_requirements(venv, requirements)
    return python


# --- commands ----------------------------------------------------------------

def prestart_argv(python: Path, lan: bool = False, force_demo_lan: bool = False) -> list[str]:
    argv = [str(python), "-m", "lib.cli", "prestart"]
    if lan:
        argv.append("--lan")
    if force_demo_lan:
        argv.append("--force-demo-lan")
    return argv


def bind_address(lan: bool) -> str:
    return "0.0.0.0" if lan else "localhost"


def streamlit_argv(python: Path, port: int = DEFAULT_PORT, lan: bool = False) -> list[str]:
    return [str(python), "-m", "streamlit", "run", "app.py",
            "--server.port", str(port),
            "--server.address", bind_address(lan),
            "--server.headless", "true"]


def requirements_for(ns: argparse.Namespace) -> Path:
    """The set a command needs installed: tests and benchmarks add the dev tools."""
    return REQUIREMENTS_DEV if ns.command in DEV_COMMANDS else REQUIREMENTS


def wheel_requirements(ns: argparse.Namespace) -> Path:
    """``wheels DIR`` brings the run-time set; ``wheels DIR --dev`` the dev set too."""
    return REQUIREMENTS_DEV if "--dev" in ns.args[1:] else REQUIREMENTS


def build_commands(ns: argparse.Namespace, python: Path) -> list[list[str]]:
    """The child processes a command runs, in order (stop at the first failure)."""
    if ns.command is None:
        return [prestart_argv(python, ns.lan, ns.force_demo_lan),
                streamlit_argv(python, ns.port, ns.lan)]
    if ns.command == "test":
        args = list(ns.args)
        if "--quick" in args:  # the loop while editing: see QUICK_MARKERS
            args.remove("--quick")
            chosen = any(a in ("-n", "--numprocesses", "no:xdist") or a.startswith(
                ("-n=", "--numprocesses=")) for a in args)
            workers = [] if chosen else QUICK_WORKERS
            return [[str(python), "-m", "pytest", "-q", "-m", QUICK_MARKERS, *workers, *args]]
        return [[str(python), "-m", "pytest", "-q", *args]]
    if ns.command == "bench":
        return [[str(python), "-m", "bench", *ns.args]]
    if ns.command == "wheels":
        extra = [a for a in ns.args[1:] if a != "--dev"]
        return [pip_download_argv(python, Path(ns.args[0]), extra, wheel_requirements(ns))]
    return [[str(python), "-m", "lib.cli", ns.command, *ns.args]]


def child_env(ns: argparse.Namespace, base: dict | os._Environ = os.environ,
              root: Path = ROOT) -> dict:
    """The caller's environment, plus the data folder (except for tests,
    whose fixtures choose their own) and UTF-8 for Windows consoles."""
    env = dict(base)
    if ns.command != "test":
        env.setdefault("PERKIN_DATA_DIR", str(root / "data"))
    env.setdefault("PYTHONUTF8", "1")
    return env


def lan_address() -> str | None:
    """This computer's address on the office network, or None.

    ``connect`` on a UDP socket only picks the outgoing interface; no packet
    is sent. Falls back to the host name's address."""
    ip = None
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.connect(("10.255.255.255", 1))
        ip = sock.getsockname()[0]
    except OSError:
        ip = None
    finally:
        sock.close()
    if not ip or ip.startswith("127.") or ip == "0.0.0.0":
        try:
            ip = socket.gethostbyname(socket.gethostname())
        except OSError:
            return None
    if ip.startswith("127.") or ip == "0.0.0.0":
        return None
    return ip


def port_is_free(port: int, host: str = "localhost") -> bool:
    """Would the server's own bind on ``host:port`` succeed? Done as Tornado (under
    Streamlit) binds: every address the host resolves to, SO_REUSEADDR except on
    Windows (so a port in TIME_WAIT after a quick restart counts as free), IPv6 sockets
    IPv6-only, and a missing ::1 for "localhost" skipped."""
    try:
        infos = set(socket.getaddrinfo(host, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0,
                                       socket.AI_PASSIVE))
    except OSError:
        infos = {(socket.AF_INET, socket.SOCK_STREAM, 0, "", ("127.0.0.1", port))}
    for family, kind, proto, _name, address in infos:
        try:
            sock = socket.socket(family, kind, proto)
        except OSError:  # pragma: no cover - no IPv6 support at all
            continue
        try:
            if os.name != "nt":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6 and hasattr(socket, "IPPROTO_IPV6"):
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
        except OSError as err:
            if (err.errno == errno.EADDRNOTAVAIL and host == "localhost"
                    and address[0] == "::1"):
                continue
            return False
        finally:
            sock.close()
    return True


def start_banner(port: int, lan: bool, lan_ip: str | None) -> list[str]:
    lines = [f"Perkin berjalan di http://localhost:{port}"]
    if lan:
        if lan_ip:
            lines.append(f"Dari komputer lain di jaringan kantor: http://{lan_ip}:{port}")
        else:
            lines.append("Alamat jaringan kantor tidak ditemukan; periksa koneksi jaringan.")
    lines.append("Tekan Ctrl+C untuk menghentikan.")
    return lines


# --- main --------------------------------------------------------------------

def say(message: str) -> None:
    print(message, flush=True)


class _Stop(Exception):
    """SIGTERM (or SIGHUP) reached run.py."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _raise_stop(signum, _frame):
    raise _Stop(signum)


def _stop_child(proc: subprocess.Popen, signum: int) -> int:
    """Pass the stop on to the child, give it 15 s to finish cleanly, then kill it: the
    server must never outlive run.py holding the port."""
    if proc.poll() is None:
        try:
            if signum == signal.SIGINT and os.name != "nt":
                proc.send_signal(signal.SIGINT)   # harmless if the console sent it too
            else:
                proc.terminate()
        except OSError:  # pragma: no cover - it ended meanwhile
            pass
    try:
        return proc.wait(timeout=15)
    except (KeyboardInterrupt, _Stop, subprocess.TimeoutExpired):
        proc.kill()
        return proc.wait()


def run_child(argv: list[str], env: dict) -> int:
    proc = subprocess.Popen(argv, cwd=ROOT, env=env)
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                previous[name] = signal.signal(getattr(signal, name), _raise_stop)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return _stop_child(proc, signal.SIGINT)
    except _Stop as stop:
        return _stop_child(proc, stop.signum)
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def main(argv: list[str] | None = None) -> int:
    if sys.version_info < MIN_PYTHON:
        say(f"Perkin butuh Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} atau lebih baru "
            f"(sekarang {sys.version.split()[0]}).")
        return 1
    ns = parse_args(sys.argv[1:] if argv is None else argv)

    if ns.command == "bench" and not (ROOT / "bench" / "__main__.py").exists():
        say("Pengukuran kinerja belum tersedia: bench/__main__.py tidak ada.")
        return 2
    if ns.command is None and not port_is_free(ns.port, bind_address(ns.lan)):
        say(f"Port {ns.port} sudah dipakai (mungkin Perkin sudah berjalan). "
            f"Pakai --port dengan nomor lain, misalnya --port {ns.port + 1}.")
        return 1

    # 'wheels' only needs pip, not the packages it is about to download.
    python = ensure_venv(ns.wheelhouse, install=ns.command != "wheels",
                         requirements=requirements_for(ns))
    env = child_env(ns)
    commands = build_commands(ns, python)

    try:
        for i, argv_ in enumerate(commands):
            if ns.command is None and i == 0:
                say("Menyiapkan basis data (migrasi dan cadangan otomatis)...")
            if ns.command is None and i == len(commands) - 1:
                for line in start_banner(ns.port, ns.lan, lan_address() if ns.lan else None):
                    say(line)
            code = run_child(argv_, env)
            if code != 0:
                return code
    except KeyboardInterrupt:
        return 130
    if ns.command is None:
        say("Perkin dihentikan.")
    elif ns.command == "wheels":
        say(f"Paket tersimpan di {ns.args[0]}. Di komputer kantor: "
            f"python3 run.py --wheelhouse {ns.args[0]}")
        if wheel_requirements(ns) == REQUIREMENTS_DEV:
            say(f"Untuk pengujian: python3 run.py --wheelhouse {ns.args[0]} test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
