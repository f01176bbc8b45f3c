#!/usr/bin/env python3
"""Print docs/performance.md's tables from the generated weight files (one benchmark run).

    python3 scripts/weights_table.py

Reads pallets/dtao/src/weights.rs and runtime/src/weights/*.rs (their `SubstrateWeight` /
`WeightInfo<T>` impls) and evaluates each weight with ParityDB's costs (8 us a read, 50 us a
write: `ParityDbWeight`, the runtime's `DbWeight`) at the component values given below.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ_PS, WRITE_PS = 8_000_000, 50_000_000
# asset-conversion's swaps at the shortest path (n = 2 assets: one pool, as one dTAO subnet).
PEER_COMPS = {"n": 2}
BLOCK_PS = 4_000_000_000_000  # 4 s of ref time: the production runtime's block (12 s slot, a third)
NUM = r"([\d_]+)"


def parse(path):
    text = path.read_text()
    impl = re.search(r"impl<T: frame_system::Config> [\w:]*WeightInfo for \w+<T> \{(.*?)\n\}", text, re.S)
    fns = {}
    for name, args, body in re.findall(r"fn (\w+)\(([^)]*)\) -> Weight \{(.*?)\n\t\}", impl.group(1), re.S):
        n = lambda s: int(s.replace("_", ""))
        base = re.search(r"Weight::from_parts\(" + NUM + ", " + NUM + r"\)", body)
        extra = re.findall(r"\.saturating_add\(Weight::from_parts\(0, " + NUM + r"\)\)", body)
        w = {"ref": n(base.group(1)) if base else 0, "proof": (n(base.group(2)) if base else 0) + sum(n(e) for e in extra),
             "reads": 0, "writes": 0, "slopes": [], "min": None}
        m = re.search(r"Minimum execution time: " + NUM, body)
        w["min"] = n(m.group(1)) if m else None
        for ref, comp in re.findall(r"Weight::from_parts\(" + NUM + r", 0\)\.saturating_mul\((\w+)\.into\(\)\)", body):
            w["slopes"].append(("ref", n(ref), comp))
        for proof, comp in re.findall(r"Weight::from_parts\(0, " + NUM + r"\)\.saturating_mul\((\w+)\.into\(\)\)", body):
            w["slopes"].append(("proof", n(proof), comp))
        for kind in ("reads", "writes"):
            for k in re.findall(r"\." + kind + r"\(" + NUM + r"(?:_u64)?\)\)", body):
                w[kind] += n(k)
            for k, comp in re.findall(r"\." + kind + r"\(\(" + NUM + r"_u64\)\.saturating_mul\((\w+)\.into\(\)\)\)", body):
                w["slopes"].append((kind, n(k), comp))
        w["args"] = [a.split(":")[0].strip() for a in args.split(",") if a.strip()]
        fns[name] = w
    return fns


def at(w, /, **c):
    ref, proof, reads, writes = w["ref"], w["proof"], w["reads"], w["writes"]
    for kind, k, comp in w["slopes"]:
        v = k * c.get(comp, 0)
        if kind == "ref":
            ref += v
        elif kind == "proof":
            proof += v
        elif kind == "reads":
            reads += v
        else:
            writes += v
    return {"ref": ref, "proof": proof, "reads": reads, "writes": writes,
            "total": ref + reads * READ_PS + writes * WRITE_PS}


def us(ps):
    return f"{ps / 1e6:,.1f} µs" if ps < 10**10 else f"{ps / 1e9:,.2f} ms"


def main():
    dtao = parse(ROOT / "pallets/dtao/src/weights.rs")
    files = sorted((ROOT / "runtime/src/weights").glob("pallet_*.rs")) + sorted((ROOT / "docs/bench-peers").glob("pallet_*.rs"))
    peers = {p.stem: parse(p) for p in files}
    comps = {"dissolve_network": {"n": 256}, "unstake_all": {"s": 1024}, "set_weights": {"w": 256},
             "coinbase": {"s": 1024}, "epoch": {"n": 256}, "epoch_all_validators": {"n": 256},
             "dissolve_step": {"p": 1}, "clear_batch": {"n": 1}}
    print("| call | at | ref time | proof size | reads | writes | total with ParityDB |")
    print("|---|---|---:|---:|---:|---:|---:|")
    rows = [("pallet_dtao", k, v) for k, v in dtao.items()]
    rows += [(p, k, v) for p, f in peers.items() for k, v in f.items()]
    for pallet, name, w in rows:
        c = comps.get(name, {a: 1 for a in w["args"]}) if pallet == "pallet_dtao" else {a: PEER_COMPS.get(a, 1) for a in w["args"]}
        r = at(w, **c)
        label = ", ".join(f"{k}={v}" for k, v in c.items() if k in w["args"]) or "-"
        print(f"| `{pallet}::{name}` | {label} | {us(r['ref'])} | {r['proof']:,} B | {r['reads']} | {r['writes']} | {us(r['total'])} |")
    tka = at(peers["pallet_balances"]["transfer_keep_alive"])
    # A stake as charged (`Pallet::order_weight`): its placement (`add_stake`) plus its share of
    # the batch's clearing: one more order in an open batch, or a batch of one if it opens it.
    place, cb1_, cb2_ = at(dtao["add_stake"]), at(dtao["clear_batch"], n=1), at(dtao["clear_batch"], n=2)
    joined = {k: place[k] + cb2_[k] - cb1_[k] for k in place}
    opened = {k: place[k] + cb1_[k] for k in place}
    print()
    print(f"a stake in an open batch: {us(joined['total'])} ({joined['reads']} r, {joined['writes']} w); opening one: {us(opened['total'])}")
    print(f"add_stake (placement) / transfer_keep_alive: ref time {place['ref'] / tka['ref']:.2f}x, with ParityDB {place['total'] / tka['total']:.2f}x")
    ac = peers.get("pallet_asset_conversion", {}).get("swap_exact_tokens_for_tokens")
    if ac:
        sw = at(ac, n=2)
        print(f"a stake / swap_exact_tokens_for_tokens(n=2), with ParityDB: in an open batch {joined['total'] / sw['total']:.2f}x, opening one {opened['total'] / sw['total']:.2f}x")
    cb1, cb = at(dtao["coinbase"], s=1), at(dtao["coinbase"], s=1024)
    ep = at(dtao["epoch"], n=256)
    per = (cb["total"] - cb1["total"]) / 1023
    hook = cb["total"] + 4 * ep["total"]
    print(f"coinbase per subnet {us(per)}; at 1,024 subnets {us(cb['total'])} = {100 * cb['total'] / BLOCK_PS:.2f}% of the block")
    print(f"epoch at 256 neurons {us(ep['total'])} = {100 * ep['total'] / BLOCK_PS:.2f}%; per neuron {us((ep['total'] - at(dtao['epoch'], n=128)['total']) / 128)}")
    print(f"worst-case on_initialize (coinbase 1,024 + 4 epochs of 256): {us(hook)} = {100 * hook / BLOCK_PS:.2f}% of the block")
    ds = [at(dtao["dissolve_step"], p=p)["total"] for p in (1, 100, 1000)]
    print(f"dissolve_step: p=1 {us(ds[0])}, p=100 {us(ds[1])}, p=1000 {us(ds[2])}; per position {us((ds[2] - ds[1]) / 900)}")


if __name__ == "__main__":
    main()
