"""One test result line, the only format scripts/check.sh counts, and the
files a guest test printed to its console.

result(True, "6.12/topo_json") prints "PASS 6.12/topo_json";
result(False, NAME, DETAIL) prints "FAIL NAME (DETAIL)".  The shell
scripts write the same lines with lib.sh's result().
"""


def result(ok, name, detail=None):
    print(f"{'PASS' if ok else 'FAIL'} {name}{f' ({detail})' if detail else ''}")
    return ok


def file_blocks(log, kind):
    """{NAME: text} of a console log's "VMMT-FILE KIND NAME" ... "VMMT-EOF"
    blocks, the kernel's own lines ("[ ...") left out."""
    out, cur, lines = {}, None, []
    prefix = f"VMMT-FILE {kind} "
    for raw in log.splitlines():
        if raw.startswith(prefix):
            cur, lines = raw.split()[2], []
        elif raw == "VMMT-EOF" and cur:
            out[cur] = "\n".join(lines) + "\n"
            cur = None
        elif cur and not raw.startswith("["):
            lines.append(raw)
    return out
