#!/usr/bin/env python3
"""Perkin's one entry point. Standard library only, so it runs before anything
is installed, on Linux, macOS and Windows (``py run.py``).

    python3 run.py [--port N] [--lan] [--force-demo-lan] [--wheelhouse DIR]
    python3 run.py test [pytest args]
    python3 run.py wheels DIR [pip download args]
    python3 run.py bench [args]
    python3 run.py <command> [args]      -> python -m lib.cli <command> [args]

It keeps a virtual environment (``.venv`` in the checkout, or ``PERKIN_VENV``)
with the pinned ``requirements.txt`` installed, reinstalling only when the
file's sha256 changes, then runs everything with that environment's Python
from the checkout folder.
"""
from __future__ import annotations

import argparse
import errno
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent
REQUIREMENTS = ROOT / "requirements.txt"
HASH_FILE = ".requirements.sha256"
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
  test [argumen pytest]     menjalankan semua pengujian
  wheels DIR                mengunduh paket ke DIR (di komputer yang terhubung
                            internet) untuk dipasang luring dengan --wheelhouse DIR
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
    if ns.command == "wheels" and len(ns.args) < 1:
        parser.error("pakai: python3 run.py wheels DIR")
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


def requirements_changed(venv: Path, requirements: Path = REQUIREMENTS) -> bool:
    """True when the environment was never installed from this exact file."""
    stamp = venv / HASH_FILE
    try:
        recorded = stamp.read_text(encoding="ascii").strip()
    except OSError:
        return True
    return recorded != file_sha256(requirements)


def record_requirements(venv: Path, requirements: Path = REQUIREMENTS) -> None:
    (venv / HASH_FILE).write_text(file_sha256(requirements) + "\n", encoding="ascii")


def pip_install_argv(python: Path, requirements: Path = REQUIREMENTS,
                     wheelhouse: Path | None = None) -> list[str]:
    argv = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
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


def create_venv(venv: Path) -> None:
    """Create ``venv`` with pip, or exit with an Indonesian explanation."""
    say("Menyiapkan lingkungan Python (sekali saja)...")
    existed = venv.exists()
    result = subprocess.run([sys.executable, "-m", "venv", str(venv)])
    if result.returncode == 0 and venv_python(venv).exists():
        return
    if not existed:  # leave no half-made environment behind for the next try
        shutil.rmtree(venv, ignore_errors=True)
    say("Lingkungan Python tidak dapat dibuat.")
    if is_debian_like():
        say(DEBIAN_HINT)
    raise SystemExit(1)


def ensure_venv(wheelhouse: Path | None = None, *, install: bool = True,
                env: dict | os._Environ = os.environ) -> Path:
    """Make sure the environment exists (and, with ``install``, holds the
    current requirements); return its Python."""
    venv = venv_dir(env)
    python = venv_python(venv)
    if not python.exists():
        create_venv(venv)
    if install and requirements_changed(venv):
        if wheelhouse is not None:
            if not wheelhouse.is_dir():
                say(f"Folder paket {wheelhouse} tidak ditemukan.")
                raise SystemExit(1)
            say(f"Memasang paket dari {wheelhouse} (tanpa internet)...")
        else:
            say("Memasang paket yang dibutuhkan (sekali saja, perlu internet)...")
        result = subprocess.run(pip_install_argv(python, REQUIREMENTS, wheelhouse), cwd=ROOT)
        if result.returncode != 0:
            say("Pemasangan paket gagal. Periksa koneksi internet, atau pakai "
                "--wheelhouse DIR dengan paket yang diunduh lewat 'run.py wheels DIR'.")
            raise SystemExit(result.returncode)
        record_requirements(venv)
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


def build_commands(ns: argparse.Namespace, python: Path) -> list[list[str]]:
    """The child processes a command runs, in order (stop at the first failure)."""
    if ns.command is None:
        return [prestart_argv(python, ns.lan, ns.force_demo_lan),
                streamlit_argv(python, ns.port, ns.lan)]
    if ns.command == "test":
        return [[str(python), "-m", "pytest", "-q", *ns.args]]
    if ns.command == "bench":
        return [[str(python), "-m", "bench", *ns.args]]
    if ns.command == "wheels":
        return [pip_download_argv(python, Path(ns.args[0]), ns.args[1:])]
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
    python = ensure_venv(ns.wheelhouse, install=ns.command != "wheels")
    env = child_env(ns)
    commands = build_commands(ns, python)

    try:
        for i, argv_ in enumerate(commands):
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
