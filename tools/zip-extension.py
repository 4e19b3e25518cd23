# The extension's zips (build.sh): DIST/folio-{chrome,firefox}.zip from DIST/{chrome,firefox},
# reproducible (sorted names, fixed dates and modes). Usage: python3 tools/zip-extension.py DIST.
import os, sys, zipfile
dist = sys.argv[1]
for b in ("chrome", "firefox"):
    top = os.path.join(dist, b)
    out = os.path.join(dist, f"folio-{b}.zip")
    files = sorted(
        os.path.relpath(os.path.join(d, f), top) for d, _, fs in os.walk(top) for f in fs)
    with zipfile.ZipFile(out + ".part", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for rel in files:
            info = zipfile.ZipInfo(rel.replace(os.sep, "/"), date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(os.path.join(top, rel), "rb") as f:
                z.writestr(info, f.read())
    os.replace(out + ".part", out)
    print(f"    {out}: {os.path.getsize(out)} bytes, {len(files)} files")
