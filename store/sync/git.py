"""Running the system `git` for a store folder: argument lists only, never a shell, never a prompt.

Failures become one-line SyncErrors that say what happened and what to do; nothing here ever
discards a member's work.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from store.records.errors import StoreError

SAFE = "your reflections are safe and committed locally"
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
LOCK_RETRIES = 6
"""Attempts for a git command that lost a race for one of git's own lock files."""
_LOCK_RACE = (
    "index.lock", "cannot lock ref", "unable to create", ".lock': file exists",
    "another git process seems to be running", "unable to lock",
)  # fmt: skip
NO_HOOKS = ("-c", "core.hooksPath=/dev/null")
"""Git run while this device's write lock is held must not start hooks: a hook that saves a
reflection would wait for the very lock its parent holds."""

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


def _lock_race(err: str) -> bool:
    lowered = err.lower()
    return any(sign in lowered for sign in _LOCK_RACE)


@dataclass(frozen=True, slots=True)
class BytesResult:
    code: int
    out: bytes
    err: str


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

    def run(
        self,
        *args: str,
        hooks: bool = True,
        env: Mapping[str, str] | None = None,
        stdin: bytes | None = None,
    ) -> GitResult:
        """Run git; a command that lost a race for git's own lock files is retried with backoff."""
        for attempt in range(LOCK_RETRIES):
            result = self._once(args, hooks, env, stdin)
            if result.ok or args[0] == "push" or not _lock_race(result.err):
                return result
            time.sleep(min(2.0, 0.05 * 2**attempt) * random.uniform(0.5, 1.5))
        return result

    def _once(
        self,
        args: tuple[str, ...],
        hooks: bool,
        env: Mapping[str, str] | None,
        stdin: bytes | None,
    ) -> GitResult:
        out = self.run_bytes(*args, hooks=hooks, env=env, stdin=stdin)
        return GitResult(out.code, out.out.decode("utf-8", "replace"), out.err)

    def run_bytes(
        self,
        *args: str,
        hooks: bool = True,
        env: Mapping[str, str] | None = None,
        stdin: bytes | None = None,
    ) -> BytesResult:
        command = [self.executable, "-C", str(self.folder), *(() if hooks else NO_HOOKS), *args]
        try:
            done = subprocess.run(
                command, input=stdin, capture_output=True, env={**self.env, **(env or {})},
                timeout=self.timeout, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return BytesResult(124, b"", f"git {args[0]} timed out after {self.timeout:.0f} s")
        return BytesResult(done.returncode, done.stdout, done.stderr.decode("utf-8", "replace"))

    def check(self, *args: str, hooks: bool = True, env: Mapping[str, str] | None = None,
              stdin: bytes | None = None) -> str:  # fmt: skip
        """Run and return stdout; a failure is a SyncError with git's first line of complaint."""
        result = self.run(*args, hooks=hooks, env=env, stdin=stdin)
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
        done = self.run_bytes("show", rev_path)
        return done.out if done.code == 0 else None

    def blob(self, sha: str | None) -> bytes | None:
        if sha is None:
            return None
        done = self.run_bytes("cat-file", "blob", sha)
        if done.code != 0:
            raise SyncError(f"git cat-file failed: {first_line(done.err)}")
        return done.out

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.run("merge-base", "--is-ancestor", older, newer).ok

    def merge_base(self, a: str, b: str) -> str | None:
        result = self.run("merge-base", a, b)
        return result.out.strip() if result.ok else None

    def rev(self, ref: str) -> str | None:
        result = self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        return result.out.strip() if result.ok else None

    def changes(self, old: str | None, new: str) -> dict[str, tuple[str, str | None]]:
        """path -> (mode, blob or None when deleted) for every file that differs from old to new."""
        out = self.check("diff-tree", "-r", "-z", "--no-renames", old or EMPTY_TREE, new)
        fields = out.split("\0")
        found: dict[str, tuple[str, str | None]] = {}
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            if not meta.startswith(":"):
                continue
            _old_mode, new_mode, _old_sha, new_sha, status = meta[1:].split(" ")
            found[path] = (new_mode, None if status.startswith("D") else new_sha)
        return found

    def write_blob(self, data: bytes) -> str:
        return self.check("hash-object", "-w", "--stdin", stdin=data).strip()
