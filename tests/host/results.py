"""One test result line, the only format scripts/check.sh counts.

result(True, "6.12/topo_json") prints "PASS 6.12/topo_json";
result(False, NAME, DETAIL) prints "FAIL NAME (DETAIL)".  The shell
scripts write the same lines with lib.sh's result().
"""


def result(ok, name, detail=None):
    print(f"{'PASS' if ok else 'FAIL'} {name}{f' ({detail})' if detail else ''}")
    return ok
