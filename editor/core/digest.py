"""SHA-256 and BLAKE2b from CPython's own implementations.

``hashlib`` takes them from OpenSSL when it can, and importing it loads and starts OpenSSL's
libcrypto: about 1.7 MiB of a process (0.6 MiB of it private) that nothing else here uses. The
digests are the same; another interpreter, or a Python without these modules, uses hashlib.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another interpreter
    from hashlib import blake2b

try:
    from _sha2 import sha256  # type: ignore[import-not-found]  # Python 3.12 and later
except ImportError:  # pragma: no cover - Python 3.11, another interpreter
    from hashlib import sha256

__all__ = ["blake2b", "sha256"]
