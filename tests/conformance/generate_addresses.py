#!/usr/bin/env python3
"""Regenerates addresses.json: real, publicly documented addresses per chain and one-character typo
variants of them, each checked here with an implementation independent of the Rust core (base58check,
BIP-173/350 bech32, CashAddr polymod, EIP-55 and Monero with a pure-Python Keccak, TON CRC16).

Run: python3 tests/conformance/generate_addresses.py
"""
import hashlib
import json
import os

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
HEX = "0123456789abcdef"
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

# --------------------------------------------------------------------------------------------
# Independent decoders (just enough to confirm each vector)


def b58decode(s):
    n = 0
    for c in s:
        n = n * 58 + B58.index(c)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * (len(s) - len(s.lstrip("1"))) + raw


def sha256d(b):
    return hashlib.sha256(hashlib.sha256(b).digest()).digest()


def b58check_ok(s, versions, total):
    try:
        raw = b58decode(s)
    except ValueError:
        return False
    return len(raw) == total and sha256d(raw[:-4])[:4] == raw[-4:] and any(raw.startswith(v) for v in versions)


def bech32_polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk


def segwit_ok(s, hrp):
    if s.lower() != s and s.upper() != s:
        return False
    s = s.lower()
    pos = s.rfind("1")
    if s[:pos] != hrp or len(s) > 90 or any(c not in BECH32 for c in s[pos + 1 :]):
        return False
    data = [BECH32.index(c) for c in s[pos + 1 :]]
    if len(data) < 7:
        return False
    const = bech32_polymod([ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + data)
    ver = data[0]
    if const != (1 if ver == 0 else 0x2BC830A3):
        return False
    acc, bits, prog = 0, 0, []
    for v in data[1:-6]:
        acc = (acc << 5) | v
        bits += 5
        if bits >= 8:
            bits -= 8
            prog.append((acc >> bits) & 0xFF)
    if bits >= 5 or (acc & ((1 << bits) - 1)):
        return False
    return (ver == 0 and len(prog) in (20, 32)) or (ver == 1 and len(prog) == 32)


def cashaddr_polymod(values):
    gens = [0x98F2BC8E61, 0x79B76D99E2, 0xF33E5FB3C4, 0xAE2EABE2A8, 0x1E4F43E470]
    c = 1
    for d in values:
        c0 = c >> 35
        c = ((c & 0x07FFFFFFFF) << 5) ^ d
        for i in range(5):
            if (c0 >> i) & 1:
                c ^= gens[i]
    return c ^ 1


def cashaddr_ok(s):
    if s.lower() != s and s.upper() != s:
        return False
    s = s.lower()
    prefix, _, body = s.rpartition(":")
    prefix = prefix or "bitcoincash"
    if prefix != "bitcoincash" or any(c not in BECH32 for c in body):
        return False
    data = [BECH32.index(c) for c in body]
    if cashaddr_polymod([ord(c) & 31 for c in prefix] + [0] + data) != 0:
        return False
    acc, bits, out = 0, 0, []
    for v in data[:-8]:
        acc = (acc << 5) | v
        bits += 5
        if bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
    return len(out) == 21 and out[0] in (0, 8)


# Keccak-256 (the pre-standard padding Ethereum and Monero use), after the Keccak reference.
RC = [
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000, 0x000000000000808B, 0x0000000080000001,
    0x8000000080008081, 0x8000000000008009, 0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003, 0x8000000000008002, 0x8000000000000080,
    0x000000000000800A, 0x800000008000000A, 0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
]
ROT = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56], [27, 20, 39, 8, 14]]
M64 = (1 << 64) - 1


def keccak_f(a):
    for rc in RC:
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ (((c[(x + 1) % 5] << 1) | (c[(x + 1) % 5] >> 63)) & M64) for x in range(5)]
        a = [[a[x][y] ^ d[x] for y in range(5)] for x in range(5)]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                r = ROT[x][y]
                b[y][(2 * x + 3 * y) % 5] = ((a[x][y] << r) | (a[x][y] >> (64 - r))) & M64 if r else a[x][y]
        a = [[b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y]) for y in range(5)] for x in range(5)]
        a[0][0] ^= rc
    return a


def keccak256(data):
    rate = 136
    msg = bytearray(data) + b"\x01"
    while len(msg) % rate:
        msg.append(0)
    msg[-1] |= 0x80
    a = [[0] * 5 for _ in range(5)]
    for off in range(0, len(msg), rate):
        block = msg[off : off + rate]
        for i in range(rate // 8):
            a[i % 5][i // 5] ^= int.from_bytes(block[8 * i : 8 * i + 8], "little")
        a = keccak_f(a)
    return b"".join(a[i % 5][i // 5].to_bytes(8, "little") for i in range(4))


assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


def evm_ok(s):
    if not s.startswith("0x") or len(s) != 42 or any(c not in HEX for c in s[2:].lower()):
        return False
    body = s[2:]
    if body == body.lower() or body == body.upper():
        return True
    h = keccak256(body.lower().encode()).hex()
    return all(c.upper() == c if int(h[i], 16) >= 8 else c.lower() == c for i, c in enumerate(body) if c.isalpha())


def monero_decode(s):
    sizes = [0, 2, 3, 5, 6, 7, 9, 10, 11]
    out = b""
    for i in range(0, len(s), 11):
        chunk = s[i : i + 11]
        size = 8 if len(chunk) == 11 else sizes.index(len(chunk))
        n = 0
        for c in chunk:
            n = n * 58 + B58.index(c)
        if n >> (8 * size):
            raise ValueError("overflow")
        out += n.to_bytes(size, "big")
    return out


def monero_ok(s):
    try:
        raw = monero_decode(s)
    except ValueError:
        return False
    return keccak256(raw[:-4])[:4] == raw[-4:] and (raw[0], len(raw)) in ((18, 69), (42, 69), (19, 77))


def crc16(data):
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def ton_ok(s):
    if ":" in s:
        wc, h = s.split(":", 1)
        return wc in ("0", "-1") and len(h) == 64 and all(c in HEX for c in h.lower())
    import base64

    if len(s) != 48 or (any(c in "+/" for c in s) and any(c in "-_" for c in s)):
        return False
    try:
        raw = base64.urlsafe_b64decode(s.replace("+", "-").replace("/", "_"))
    except ValueError:
        return False
    return len(raw) == 36 and crc16(raw[:34]).to_bytes(2, "big") == raw[34:] and raw[0] in (0x11, 0x51) and raw[1] in (0, 0xFF)


def solana_ok(s):
    try:
        return len(b58decode(s)) == 32
    except ValueError:
        return False


UTXO = {
    "BTC": ([b"\x00", b"\x05"], 25, "bc"),
    "TBTC": ([b"\x6f", b"\xc4"], 25, "tb"),
    "LTC": ([b"\x30", b"\x32", b"\x05"], 25, "ltc"),
    "TLTC": ([b"\x6f", b"\x3a", b"\xc4"], 25, "tltc"),
    "DOGE": ([b"\x1e", b"\x16"], 25, None),
    "DASH": ([b"\x4c", b"\x10"], 25, None),
    "TZEC": ([b"\x1c\xb8", b"\x1c\xbd"], 26, None),
    "ZEC": ([b"\x1c\xb8", b"\x1c\xbd"], 26, None),
}
EVM = ["ETH", "ETC", "USDT", "USDC", "SHIB", "APE", "BUSD", "TUSD", "BNB", "USDT_BSC", "ETH_BASE", "USDC_BASE", "LB"]


def independent_ok(cur, s):
    if cur in UTXO:
        versions, total, hrp = UTXO[cur]
        if hrp and s.lower().startswith(hrp + "1"):
            return segwit_ok(s, hrp)
        return b58check_ok(s, versions, total) if all(c in B58 for c in s) else False
    if cur == "BCH":
        if all(c in B58 for c in s) and s[0] in "13":
            return b58check_ok(s, [b"\x00", b"\x05"], 25)
        return cashaddr_ok(s)
    if cur in EVM:
        return evm_ok(s)
    if cur in ("TRX", "USDT_TRX", "BTT_TRX"):
        return all(c in B58 for c in s) and b58check_ok(s, [b"\x41"], 25)
    if cur in ("TON", "USDT_TON"):
        return ton_ok(s)
    if cur in ("SOL", "USDT_SOL"):
        return all(c in B58 for c in s) and solana_ok(s)
    if cur == "XMR":
        return all(c in B58 for c in s) and len(s) in (95, 106) and monero_ok(s)
    raise KeyError(cur)


# --------------------------------------------------------------------------------------------
# Real addresses. (currency, address, format, checksum_verified, source)

VALID = [
    ("BTC", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "p2pkh", True, "genesis block coinbase"),
    ("BTC", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "p2pkh", True, "well-known P2PKH"),
    ("BTC", "12KYrjTdVGjFMtaxERSk3gphreJ5US8aUP", "p2pkh", True, "multicoin-address-validator tests"),
    ("BTC", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "p2sh", True, "Bitcoin wiki P2SH example"),
    ("BTC", "3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC", "p2sh", True, "CashAddr spec (legacy column)"),
    ("BTC", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "p2wpkh", True, "BIP-173 (upper case)"),
    ("BTC", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "p2wpkh", True, "BIP-173 (lower case)"),
    ("BTC", "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", "p2wsh", True, "BIP-173 P2WSH"),
    ("BTC", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "p2wpkh", True, "well-known P2WPKH"),
    ("BTC", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "p2tr", True, "BIP-350 Taproot"),
    ("TBTC", "mzBc4XEFSdzCDcTxAgf6EZXgsZWpztRhef", "p2pkh", True, "testnet P2PKH"),
    ("TBTC", "2MxKEf2su6FGAUfCEAHreGFQvEYrfYNHvL7", "p2sh", True, "testnet P2SH"),
    ("TBTC", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "p2wsh", True, "BIP-173 testnet P2WSH"),
    ("TBTC", "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "p2tr", True, "BIP-350 testnet v1"),
    ("LTC", "LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9", "p2pkh", True, "multicoin-address-validator tests"),
    ("LTC", "LTpYZG19YmfvY2bBDYtCKpunVRw7nVgRHW", "p2pkh", True, "multicoin-address-validator tests"),
    ("LTC", "Lb6wDP2kHGyWC7vrZuZAgV7V4ECyDdH7a6", "p2pkh", True, "multicoin-address-validator tests"),
    ("LTC", "3NJZLcZEEYBpxYEUGewU4knsQRn1WM5Fkt", "p2sh", True, "legacy P2SH (version 0x05) still accepted by Litecoin"),
    ("LTC", "ltc1qg42tkwuuxefutzxezdkdel39gfstuap288mfea", "p2wpkh", True, "multicoin-address-validator tests"),
    ("TLTC", "tltc1qu78xur5xnq6fjy83amy0qcjfau8m367defyhms", "p2wpkh", True, "Litecoin testnet bech32"),
    ("TLTC", "QW2SvwjaJU8LD6GSmtm1PHnBG2xPuxwZFy", "p2sh", True, "Litecoin testnet P2SH (0x3a)"),
    ("DOGE", "DPpJVPpvPNP6i6tMj4rTycAGh8wReTqaSU", "p2pkh", True, "multicoin-address-validator tests"),
    ("DOGE", "DNzLUN6MyYVS5zf4Xc2yK69V3dXs6Mxia5", "p2pkh", True, "multicoin-address-validator tests"),
    ("DOGE", "DPS6iZj7roHquvwRYXNBua9QtKPzigUUhM", "p2pkh", True, "multicoin-address-validator tests"),
    ("DOGE", "A7JjzK9k9x5b2MkkQzqt91WZsuu7wTu6iS", "p2sh", True, "multicoin-address-validator tests"),
    ("BCH", "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu", "p2pkh", True, "CashAddr spec (legacy column)"),
    ("BCH", "3LDsS579y7sruadqu11beEJoTjdFiFCdX4", "p2sh", True, "CashAddr spec (legacy column)"),
    ("BCH", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "cash_addr_p2pkh", True, "CashAddr spec"),
    ("BCH", "bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy", "cash_addr_p2pkh", True, "CashAddr spec"),
    ("BCH", "bitcoincash:qqq3728yw0y47sqn6l2na30mcw6zm78dzqre909m2r", "cash_addr_p2pkh", True, "CashAddr spec"),
    ("BCH", "bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq", "cash_addr_p2sh", True, "CashAddr spec"),
    ("BCH", "bitcoincash:pr95sy3j9xwd2ap32xkykttr4cvcu7as4yc93ky28e", "cash_addr_p2sh", True, "CashAddr spec"),
    ("BCH", "bitcoincash:pqq3728yw0y47sqn6l2na30mcw6zm78dzq5ucqzc37", "cash_addr_p2sh", True, "CashAddr spec"),
    ("BCH", "bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2", "cash_addr_p2pkh", True, "CashAddr spec, larger vectors"),
    ("BCH", "qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "cash_addr_p2pkh", True, "CashAddr spec, prefix omitted"),
    ("BCH", "ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq", "cash_addr_p2sh", True, "CashAddr spec, prefix omitted"),
    ("BCH", "BITCOINCASH:QPM2QSZNHKS23Z7629MMS6S4CWEF74VCWVY22GDX6A", "cash_addr_p2pkh", True, "CashAddr spec, upper case"),
    ("DASH", "Xx4dYKgz3Zcv6kheaqog3fynaKWjbahb6b", "p2pkh", True, "multicoin-address-validator tests"),
    ("DASH", "XcY4WJ6Z2Q8w7vcYER1JypC8s2oa3SQ1b1", "p2pkh", True, "multicoin-address-validator tests"),
    ("DASH", "XqMkVUZnqe3w4xvgdZRtZoe7gMitDudGs4", "p2pkh", True, "multicoin-address-validator tests"),
    ("DASH", "XoAAqv3oUYZ6xRjX3brfbf9PotrGanS6Th", "p2pkh", True, "multicoin-address-validator tests"),
    ("TZEC", "t1U9yhDa5XEjgfnTgZoKddeSiEN1aoLkQxq", "p2pkh", True, "Zcash transparent P2PKH"),
    ("TZEC", "t3Vz22vK5z2LcKEdg16Yv4FFneEL1zg9ojd", "p2sh", True, "Zcash transparent P2SH"),
    ("ZEC", "t1U9yhDa5XEjgfnTgZoKddeSiEN1aoLkQxq", "p2pkh", True, "Zcash transparent P2PKH"),
    ("XMR", "43aeKax1ts4BoEbSyzKVbbDRmc8nsnpZLUpQBYvhUxs3KVrodnaFaBEQMDp69u4VaiEG3LSQXA6M61mXPrztCLuh7PFUAmd", "monero_standard", True, "monero-python tests"),
    ("XMR", "47ewoP19TN7JEEnFKUJHAYhGxkeTRH82sf36giEp9AcNfDBfkAtRLX7A6rZz18bbNHPNV7ex6WYbMN3aKisFRJZ8Ebsmgef", "monero_standard", True, "monero-python tests"),
    ("XMR", "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A", "monero_standard", True, "Monero general fund"),
    ("XMR", "84LooD7i35SFppgf4tQ453Vi3q5WexSUXaVgut69ro8MFnmHwuezAArEZTZyLr9fS6QotjqkSAxSF6d1aDgsPoX849izJ7m", "monero_subaddress", True, "monero-python tests"),
    ("XMR", "8AXCb69SM49PNQcQSeVB6JEc3qR7cXExThCw8ox4Mpo3TX5FvD8WRGNM2BgpApPybRG1cdvNqmswN2rGx46TBm7b4staEEV", "monero_subaddress", True, "monero-python tests"),
    ("XMR", "4DHKLPmWW8aBoEbSyzKVbbDRmc8nsnpZLUpQBYvhUxs3KVrodnaFaBEQMDp69u4VaiEG3LSQXA6M61mXPrztCLuhAR6GpL18QNwE8h3TuF", "monero_integrated", True, "monero-python tests"),
    ("ETH", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "evm", True, "EIP-55"),
    ("ETH", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "evm", True, "EIP-55"),
    ("ETH", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "evm", True, "EIP-55"),
    ("ETH", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "evm", True, "EIP-55"),
    ("ETH", "0x52908400098527886E0F7030069857D2E4169EE7", "evm", False, "EIP-55 (all caps)"),
    ("ETH", "0x8617E340B3D01FA5F11F306F4090FD50E238070D", "evm", False, "EIP-55 (all caps)"),
    ("ETH", "0xde709f2102306220921060314715629080e2fb77", "evm", False, "EIP-55 (all lower)"),
    ("ETH", "0x27b1fdb04752bbc536007a920d24acb045561c26", "evm", False, "EIP-55 (all lower)"),
    ("ETC", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "evm", True, "EIP-55"),
    ("USDT", "0xdAC17F958D2ee523a2206206994597C13D831ec7", "evm", True, "Tether ERC-20 contract"),
    ("USDC", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "evm", True, "USD Coin ERC-20 contract"),
    ("SHIB", "0x95aD61b0a150d79219dCF64E1E6Cc01f0B64C4cE", "evm", True, "SHIB ERC-20 contract"),
    ("APE", "0x4d224452801ACEd8B2F0aebE155379bb5D594381", "evm", True, "ApeCoin ERC-20 contract"),
    ("BUSD", "0x4Fabb145d64652a948d72533023f6E7A623C7C53", "evm", True, "BUSD ERC-20 contract"),
    ("TUSD", "0x0000000000085d4780B73119b644AE5ecd22b376", "evm", True, "TrueUSD ERC-20 contract"),
    ("BNB", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "evm", True, "EIP-55"),
    ("USDT_BSC", "0x55d398326f99059fF775485246999027B3197955", "evm", True, "Tether BEP-20 contract"),
    ("ETH_BASE", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "evm", True, "EIP-55"),
    ("USDC_BASE", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "evm", True, "USD Coin on Base contract"),
    ("LB", "0xc6d9d2cd449a754c494264e1809c50e34d64562b", "evm", False, "all-lower EVM address"),
    ("TRX", "TNDzfERDpxLDS2w1q6yaFC7pzqaSQ3Bg3r", "tron", True, "multicoin-address-validator tests"),
    ("USDT_TRX", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "tron", True, "Tether TRC-20 contract"),
    ("BTT_TRX", "TNDzfERDpxLDS2w1q6yaFC7pzqaSQ3Bg3r", "tron", True, "multicoin-address-validator tests"),
    ("TON", "EQDtFpEwcFAEcRe5mLVh2N6C0x-_hJEM7W61_JLnSF74p4q2", "ton_bounceable", True, "TON API docs example"),
    ("TON", "EQDtFpEwcFAEcRe5mLVh2N6C0x+/hJEM7W61/JLnSF74p4q2", "ton_bounceable", True, "the same, standard base64"),
    ("TON", "EQCQZpelevHNsbw5IUtwSa4Cs8kqWww0KsYeDri9kwS18eCz", "ton_bounceable", True, "TON analytics docs example"),
    ("TON", "0:906697a57af1cdb1bc39214b7049ae02b3c92a5b0c342ac61e0eb8bd9304b5f1", "ton_raw", False, "the same account, raw form"),
    ("USDT_TON", "EQAvlWFDxGF2lXm67y4yzC17wYKD9A0guwPkMs1gOsM__NOT", "ton_bounceable", True, "tonsdk issue example"),
    ("USDT_TON", "UQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqEBI", "ton_non_bounceable", True, "TON docs non-bounceable example"),
    ("SOL", "So11111111111111111111111111111111111111112", "solana", False, "wrapped SOL mint"),
    ("SOL", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "solana", False, "SPL token program"),
    ("USDT_SOL", "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB", "solana", False, "Tether SPL mint"),
]

# Refusals that are not generated typos: (currency, address, reason, why)
EXTRA_INVALID = [
    ("BTC", "tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty", "format", "BIP-173 invalid: unknown prefix tc1"),
    ("BTC", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "checksum", "BIP-173 invalid checksum"),
    ("BTC", "BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2", "format", "BIP-173 invalid witness version 17"),
    ("BTC", "bc1rw5uspcuh", "checksum", "BIP-173 invalid vector; under BIP-350 witness version 3 needs a bech32m checksum"),
    ("BTC", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7", "characters", "BIP-173 invalid: mixed case (of a testnet address)"),
    ("TBTC", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7", "characters", "BIP-173 invalid: mixed case"),
    ("BTC", "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du", "checksum", "BIP-173/350 invalid: v2 program with a bech32 (not bech32m) checksum"),
    ("BTC", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", "checksum", "BIP-350 invalid: v1 with a bech32 checksum"),
    ("BTC", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "checksum", "BIP-350 invalid: v0 with a bech32m checksum"),
    ("BTC", "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", "format", "BIP-350 valid v1 with a 40-byte program: not Taproot, refused as unused"),
    ("BTC", "mzBc4XEFSdzCDcTxAgf6EZXgsZWpztRhef", "network", "a testnet address for mainnet BTC"),
    ("BTC", "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "network", "a testnet SegWit address for mainnet BTC"),
    ("TBTC", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "network", "a mainnet address for TBTC"),
    ("BTC", "LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9", "network", "a Litecoin address for BTC"),
    ("BTC", "ltc1qg42tkwuuxefutzxezdkdel39gfstuap288mfea", "network", "a Litecoin SegWit address for BTC"),
    ("LTC", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "network", "a Bitcoin SegWit address for LTC"),
    ("DOGE", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "network", "a Bitcoin address for DOGE"),
    ("DOGE", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "network", "DOGE has no SegWit; a Bitcoin address"),
    ("DASH", "yPv7h2i8v3dJjfSH4L3x91JSJszjdbsJJA", "network", "a Dash testnet address"),
    ("TZEC", "t2UNzUUx8mWBCRYPRezvA363EYXyEpHokyi", "network", "a Zcash testnet address"),
    ("TZEC", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "network", "a Bitcoin address for Zcash"),
    ("BCH", "bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t", "network", "CashAddr spec: a testnet address"),
    ("BCH", "pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t", "network", "CashAddr spec: a testnet address without its prefix"),
    ("BCH", "pref:pr6m7j9njldwwzlg9v7v53unlr4jkmx6ey65nvtks5", "format", "CashAddr spec: unknown prefix"),
    ("BCH", "bitcoincash:q9adhakpwzztepkpwp5z0dq62m6u5v5xtyj7j3h2ws4mr9g0", "format", "CashAddr spec: 24-byte hash, not a payment address in use"),
    ("BCH", "bitcoincash:qpzry9x8gf2tvdw0s3jn54khce6mua7lcw20ayyn", "length", "CashAddr spec: valid checksum, payload shorter than its version byte announces"),
    ("BCH", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvY22GDX6A", "characters", "mixed case"),
    ("BCH", "bitcoincash:bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "format", "double prefix"),
    ("XMR", "9u9j6xG1GNu4ghrdUL35m5PQcJV69YF8731DSTDoh7pDgkBWz2LWNzncq7M5s1ARjPRhvGPX4dBUeC3xNj4wzfrjV6SY3e9", "network", "monero-python tests: a testnet address"),
    ("ETH", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "checksum", "EIP-55: one letter in the wrong case"),
    ("ETH", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "format", "no 0x prefix"),
    ("USDT", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "network", "a TRON address for ERC-20 USDT"),
    ("USDT_TRX", "0xdAC17F958D2ee523a2206206994597C13D831ec7", "network", "an Ethereum address for TRC-20 USDT"),
    ("USDT_TRX", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "network", "a Bitcoin address for TRC-20 USDT"),
    ("USDT_SOL", "0xdAC17F958D2ee523a2206206994597C13D831ec7", "network", "an Ethereum address for SPL USDT"),
    ("USDT_TON", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "network", "a TRON address for TON USDT"),
    ("TON", "kQAvlWFDxGF2lXm67y4yzC17wYKD9A0guwPkMs1gOsM__GgZ", "network", "tonsdk issue example: a testnet address"),
    ("TON", "EQDtFpEwcFAEcRe5mLVh2N6C0x-_hJEM7W61/JLnSF74p4q2", "characters", "mixes base64 and base64url"),
    ("TON", "5:906697a57af1cdb1bc39214b7049ae02b3c92a5b0c342ac61e0eb8bd9304b5f1", "format", "workchain 5 does not exist"),
    ("XMR", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "network", "a Bitcoin address for XMR"),
]

# Formats without a checksum: a substituted character cannot be detected. Documented, not refused.
UNDETECTABLE = [
    ("SOL", "So11111111111111111111111111111111111111113", "solana", "a substituted character in a Solana address (no checksum) still decodes to 32 bytes"),
    ("ETH", "0xde709f2102306220921060314715629080e2fb78", "evm", "a substituted digit in an all-lowercase EVM address (no EIP-55 checksum)"),
]


def substitute(addr, pos, alphabet):
    c = addr[pos]
    upper = addr == addr.upper() and alphabet.islower()
    i = alphabet.index(c.lower() if upper else c)
    repl = alphabet[(i + 1) % len(alphabet)]
    return addr[:pos] + (repl.upper() if upper else repl) + addr[pos + 1 :]


def alphabet_of(fmt, addr):
    if fmt.startswith("p2w") or fmt == "p2tr" or fmt.startswith("cash_addr"):
        return BECH32
    if fmt in ("p2pkh", "p2sh", "tron", "solana") or fmt.startswith("monero"):
        return B58
    if fmt == "evm" or fmt == "ton_raw":
        return HEX
    if fmt.startswith("ton_"):
        return B64URL.replace("-", "+").replace("_", "/") if any(c in "+/" for c in addr) else B64URL
    raise KeyError(fmt)


def typos(cur, addr, fmt, checksum, first):
    """One-character typos, each with the reason it must be refused for."""
    out = []
    data_start = addr.find(":") + 1 if fmt.startswith("cash_addr") else (2 if fmt == "evm" else (addr.find(":") + 1 if fmt == "ton_raw" else 0))
    pos = data_start + (len(addr) - data_start) // 2
    alpha = alphabet_of(fmt, addr)
    if checksum:
        if fmt == "evm":
            # A digit replaced by another digit: the EIP-55 case pattern no longer matches.
            dpos = next(i for i in range(pos, len(addr)) if addr[i].isdigit())
            out.append(("substituted character", addr[:dpos] + str((int(addr[dpos]) + 1) % 10) + addr[dpos + 1 :], "checksum"))
        else:
            out.append(("substituted character", substitute(addr, pos, alpha), "checksum"))
    else:
        bad = {"solana": "0", "evm": "g", "ton_raw": "g"}[fmt]
        out.append(("look-alike character", addr[:pos] + bad + addr[pos + 1 :], "characters"))
    if first:
        deleted = addr[:pos] + addr[pos + 1 :]
        if fmt == "solana":
            # Without a checksum a deletion is caught only when it changes the decoded length.
            deleted = next((d for d in (addr[:i] + addr[i + 1 :] for i in range(len(addr))) if len(b58decode(d)) != 32), None)
            if deleted is None:
                return out
        bech = fmt.startswith("p2w") or fmt == "p2tr" or fmt.startswith("cash_addr")
        if bech:
            reason = "checksum"
        elif fmt in ("p2pkh", "p2sh", "tron"):
            # base58check: the decoded size usually shrinks; when it does not, the checksum catches it.
            reason = "length" if len(b58decode(deleted)) != len(b58decode(addr)) else "checksum"
        else:
            reason = "length"
        out.append(("missing character", deleted, reason))
        if checksum:
            j = next(i for i in range(pos, len(addr) - 1) if addr[i] != addr[i + 1])
            out.append(("swapped neighbours", addr[:j] + addr[j + 1] + addr[j] + addr[j + 2 :], "checksum"))
    return out


def main():
    cases = []
    seen_first = set()
    for cur, addr, fmt, checksum, source in VALID:
        assert independent_ok(cur, addr), (cur, addr)
        cases.append({"name": f"{cur} {fmt}: {source}", "currency": cur, "address": addr, "valid": True, "format": fmt, "checksum_verified": checksum})
        first = (cur, fmt) not in seen_first
        seen_first.add((cur, fmt))
        for kind, typo, reason in typos(cur, addr, fmt, checksum, first):
            assert typo != addr and len(typo) in (len(addr), len(addr) - 1)
            assert not independent_ok(cur, typo), (cur, typo, kind)
            cases.append({"name": f"{cur} {fmt}: {kind}", "currency": cur, "address": typo, "valid": False, "field": "to", "reason": reason, "typo_of": addr})
    for cur, addr, reason, why in EXTRA_INVALID:
        if reason != "characters" or cur != "TBTC":
            assert not independent_ok(cur, addr), (cur, addr)
        cases.append({"name": f"{cur}: {why}", "currency": cur, "address": addr, "valid": False, "field": "to", "reason": reason})
    for cur, addr, fmt, why in UNDETECTABLE:
        assert independent_ok(cur, addr), (cur, addr)
        cases.append({"name": f"{cur}: {why}", "currency": cur, "address": addr, "valid": True, "format": fmt, "checksum_verified": False, "undetectable_typo": True})
    for cur in ("NEWCOIN", "USDC_BSC2"):
        cases.append({"name": f"unknown coin {cur}: passes unchecked", "currency": cur, "address": "anything-at-all", "valid": True, "format": None, "checksum_verified": False})
    doc = {
        "description": (
            "Destination-address checks (plisio_core::address::validate(currency, address)). Valid cases give the detected "
            "`format` and whether a checksum was verified (`checksum_verified`; false for forms without one and for unknown coins, "
            "whose `format` is null). Invalid cases must fail with error code `invalid_input` on `field`, and a message containing "
            "the phrase of `reason` (see `reasons`). `typo_of` names the real address a one-character typo was made from. Cases "
            "with `undetectable_typo` document typos that no check can catch (formats without a checksum). Generated by "
            "generate_addresses.py, which confirms every case with its own independent decoders."
        ),
        "reasons": {
            "characters": "invalid character",
            "length": "wrong length",
            "checksum": "bad checksum",
            "network": "wrong network",
            "format": "unrecognised format",
        },
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "addresses.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write("{\n")
        f.write(f' "description": {json.dumps(doc["description"])},\n')
        f.write(f' "reasons": {json.dumps(doc["reasons"])},\n')
        f.write(' "cases": [\n')
        f.write(",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in cases))
        f.write("\n ]\n}\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
