"""Running the system `git` for a store folder: argument lists only, never a shell, never a prompt.

Failures become one-line SyncErrors that say what happened and what to do; nothing here ever
discards a member's work.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from store.errors import StoreError

SAFE = "your reflections are safe and committed locally"

_OFFLINE = (
    "could not resolve host", "unable to access", "connection refused", "network is unreachable",
    "timed out", "does not appear to be a git repository", "no route to host",
    "could not connect", "connection reset", "unable to connect",
)  # fmt: skip
_AUTH = (
    "authentication failed", "permission denied", "could not read username",
    "could not read password", "terminal prompts disabled", "403", "access denied",
    "invalid credentials",
)  # fmt: skip


class SyncError(StoreError):
    """A sync step that could not complete; the message says why and what to do next."""


@dataclass(frozen=True, slots=True)
class GitResult:
    code: int
    out: str
    err: str

    @property
    def ok(self) -> bool:
        return self.code == 0


def first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().removeprefix("fatal: ").removeprefix("error: ").strip()
        if line:
            return line
    return "no details"


def classify_remote_failure(err: str, action: str, safe: str = SAFE) -> SyncError:
    """A one-line explanation of a failed fetch, push or clone, from git's own stderr."""
    lowered = err.lower()
    detail = first_line(err)
    if not safe:
        return SyncError(f"{action} failed ({detail}); check the URL and your access to it")
    if any(sign in lowered for sign in _AUTH):
        return SyncError(
            f"{action} failed: the remote refused your credentials ({detail}); "
            f"check your git access to it, then sync again; {SAFE}"
        )
    if any(sign in lowered for sign in _OFFLINE):
        return SyncError(
            f"{action} failed: cannot reach the remote ({detail}); sync again when online; {SAFE}"
        )
    if "rejected" in lowered or "declined" in lowered:
        return SyncError(
            f"{action} failed: the remote rejected it ({detail}); sync again shortly; {SAFE}"
        )
    return SyncError(f"{action} failed ({detail}); {SAFE}")


class Git:
    """`git -C folder ...` with prompts off and messages in English, so failures can be read."""

    def __init__(self, folder: Path, timeout: float = 120.0) -> None:
        executable = shutil.which("git")
        if executable is None:
            raise SyncError(
                "git is not installed: install git to share the store (the store itself works "
                "without it)"
            )
        self.executable = executable
        self.folder = folder
        self.timeout = timeout
        self.env = {
            **os.environ,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": "",
            "SSH_ASKPASS": "",
            "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh -o BatchMode=yes"),
            "LC_ALL": "C",
        }

    def run(self, *args: str) -> GitResult:
        try:
            done = subprocess.run(
                [self.executable, "-C", str(self.folder), *args],
                capture_output=True, text=True, env=self.env, timeout=self.timeout, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return GitResult(124, "", f"git {args[0]} timed out after {self.timeout:.0f} s")
        return GitResult(done.returncode, done.stdout, done.stderr)

    def check(self, *args: str) -> str:
        """Run and return stdout; a failure is a SyncError with git's first line of complaint."""
        result = self.run(*args)
        if not result.ok:
            raise SyncError(f"git {args[0]} failed: {first_line(result.err or result.out)}")
        return result.out

    def is_repo(self) -> bool:
        result = self.run("rev-parse", "--show-toplevel")
        return result.ok and Path(result.out.strip()).resolve() == self.folder.resolve()

    def branch(self) -> str:
        return self.check("symbolic-ref", "--short", "HEAD").strip()

    def has_remote(self, name: str = "origin") -> bool:
        return name in self.check("remote").split()

    def remote_branch_exists(self, branch: str) -> bool:
        return self.run("rev-parse", "--verify", "--quiet", f"refs/remotes/origin/{branch}").ok

    def head(self) -> str | None:
        result = self.run("rev-parse", "--verify", "--quiet", "HEAD")
        return result.out.strip() if result.ok else None

    def use_identity(self, member: str, slug: str) -> None:
        """Give commits (and rebases) an author when the user has not configured git."""
        if not self.run("config", "user.name").out.strip():
            self.env["GIT_AUTHOR_NAME"] = self.env["GIT_COMMITTER_NAME"] = member
        if not self.run("config", "user.email").out.strip():
            email = f"{slug}@aftercall.invalid"
            self.env["GIT_AUTHOR_EMAIL"] = self.env["GIT_COMMITTER_EMAIL"] = email

    def show(self, rev_path: str) -> bytes | None:
        """Bytes of `rev:path`, or None when it does not exist there."""
        try:
            done = subprocess.run(
                [self.executable, "-C", str(self.folder), "show", rev_path],
                capture_output=True, env=self.env, timeout=self.timeout, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return None
        return done.stdout if done.returncode == 0 else None
