"""The digests without OpenSSL are the standard ones."""

from __future__ import annotations

import hashlib

from editor.core.digest import blake2b, sha256


def test_the_same_digests_as_hashlib():
    for data in (b"", b"abc", "caf\u00e9 \u2019".encode(), bytes(range(256)) * 40):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        assert (
            blake2b(data, digest_size=8).digest() == hashlib.blake2b(data, digest_size=8).digest()
        )
    assert sha256(b"abc").hexdigest().startswith("ba7816bf")  # FIPS 180-2's example
