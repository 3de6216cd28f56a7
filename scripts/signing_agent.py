#!/usr/bin/env python3
"""A reference signing agent for baocao: signs a signing request with a USB token (PKCS#11),
on the official's own computer.  It needs only Python and python-pkcs11
(`pip install python-pkcs11`), and the token vendor's PKCS#11 module.

    # the address the signing page shows; the agent fetches, signs and answers by itself
    python3 signing_agent.py https://baocao.example/drafts/signing/TOKEN/agent/ \\
        --module /usr/lib/vendor/libpkcs11.so --token "VNPT-CA"

    # or the request file downloaded from that page; the answer file goes back on the page
    python3 signing_agent.py --file ky-so-12.json --output tra-loi.json --module … --token …

The PIN is asked for (or read from the environment variable --pin-env names).  The agent shows
what it signs (document, version, signer, the PDF's SHA-256) and asks before signing unless
--yes.  The bytes it signs are the CMS signed attributes of the signature, whose message digest
is the PDF's SHA-256; the private key never leaves the token.  Exit status: 0 signed, 1 refused
or failed.  The request's format is "baocao-remote-signature/1" (docs/signatures.md).
"""

import argparse
import base64
import getpass
import json
import os
import sys
import urllib.error
import urllib.request

FORMAT = "baocao-remote-signature/1"


def fetch(address: str) -> dict:
    with urllib.request.urlopen(address, timeout=30) as response:  # noqa: S310 - the user's URL
        return json.load(response)


def answer(address: str, value: bytes) -> dict:
    body = json.dumps({"signature": base64.b64encode(value).decode()}).encode()
    request = urllib.request.Request(address, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return json.load(response)
    except urllib.error.HTTPError as error:
        return json.load(error)


def sign(request: dict, *, module: str, token: str, pin: str, key: str | None = None) -> bytes:
    """The token's signature of the request's bytes (SHA-256 with RSA PKCS#1 v1.5, or ECDSA)."""
    import pkcs11
    from pkcs11 import KeyType, Mechanism, ObjectClass

    if request.get("format") != FORMAT:
        raise ValueError(f"not a baocao signing request: {request.get('format')!r}")
    to_sign = base64.b64decode(request["to_sign"])
    ecdsa = request.get("signature_algorithm") == "sha256_ecdsa"
    with pkcs11.lib(module).get_token(token_label=token).open(user_pin=pin) as session:
        private = session.get_key(object_class=ObjectClass.PRIVATE_KEY,
                                  key_type=KeyType.EC if ecdsa else KeyType.RSA,
                                  label=key or None)
        if ecdsa:
            from pkcs11.util.ec import encode_ecdsa_signature

            return encode_ecdsa_signature(private.sign(to_sign, mechanism=Mechanism.ECDSA_SHA256))
        return private.sign(to_sign, mechanism=Mechanism.SHA256_RSA_PKCS)


def describe(request: dict) -> str:
    document = request.get("document", {})
    return (f"Văn bản: {document.get('title')} (phiên bản {document.get('version')})\n"
            f"Người ký: {request.get('signer')}\n"
            f"SHA-256 của tệp PDF: {request.get('document_sha256')}\n"
            f"Hiệu lực đến: {request.get('expires_at')}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Ký yêu cầu ký số của baocao bằng USB token.")
    parser.add_argument("address", nargs="?", help="the agent address of the signing page")
    parser.add_argument("--file", help="a request file downloaded from the signing page")
    parser.add_argument("--output", help="where to write the answer file (with --file)")
    parser.add_argument("--module", required=True, help="the token's PKCS#11 module (.so/.dll)")
    parser.add_argument("--token", required=True, help="the token's label")
    parser.add_argument("--key", help="the private key's label (the first key if not given)")
    parser.add_argument("--pin-env", help="read the PIN from this environment variable")
    parser.add_argument("--yes", action="store_true", help="sign without asking")
    args = parser.parse_args(argv)
    if bool(args.address) == bool(args.file):
        parser.error("give either the address or --file")
    request = json.load(open(args.file, encoding="utf-8")) if args.file else fetch(args.address)
    if request.get("state") != "pending":
        print(f"Yêu cầu ký không còn mở ({request.get('state')}).", file=sys.stderr)
        return 1
    print(describe(request))
    if not args.yes and input("Ký văn bản này? [c/K] ").strip().lower() not in ("c", "có", "y"):
        print("Không ký.")
        return 1
    pin = os.environ.get(args.pin_env, "") if args.pin_env else getpass.getpass("Mã PIN: ")
    value = sign(request, module=args.module, token=args.token, pin=pin, key=args.key)
    if args.file:
        out = args.output or "tra-loi-ky-so.json"
        with open(out, "w", encoding="utf-8") as handle:
            json.dump({"signature": base64.b64encode(value).decode()}, handle)
        print(f"Đã ký. Tải tệp {out} lên trang ký số.")
        return 0
    result = answer(request.get("answer_to") or args.address, value)
    if result.get("state") == "completed":
        print(f"Đã ký: {result.get('draft')}")
        return 0
    print(f"Không hoàn tất: {result.get('error')}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
