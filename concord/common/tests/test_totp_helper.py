from concord.common.testing.totp import totp_code


def test_totp_helper_matches_rfc_6238_vectors():
    # RFC 6238 appendix B: SHA-1, secret "12345678901234567890" (base32 below), 8 digits.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp_code(secret, at=59, digits=8) == "94287082"
    assert totp_code(secret, at=1111111109, digits=8) == "07081804"
