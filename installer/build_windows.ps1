# Build FunnelDesk for Windows as one self-contained folder with PyInstaller.
#
#   powershell -ExecutionPolicy Bypass -File installer\build_windows.ps1
#
# Needs Python 3.11+ (python.org or `winget install Python.Python.3.12`) on PATH. Produces
#   dist\FunnelDesk\FunnelDesk.exe       the app (no console window)
#   dist\FunnelDesk\funneldesk-cli.exe   the command line (demo, stats, export, import ...)
#   dist\FunnelDesk-<version>-windows-x64.zip
# Ship the zip, or point an installer tool (Inno Setup, WiX) at dist\FunnelDesk; the
# folder runs in place and keeps user data in %LOCALAPPDATA%\FunnelDesk.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

if (-not (Test-Path ".venv\Scripts\python.exe")) { python -m venv .venv }
$py = ".venv\Scripts\python.exe"
& $py -m pip install -q --upgrade pip
& $py -m pip install -q -e ".[installer]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

$version = & $py -c "import funneldesk; print(funneldesk.__version__)"

# Translations and icons (.ico) from their sources, then the bundle.
& $py scripts\update_translations.py --release-only
if ($LASTEXITCODE -ne 0) { throw "lrelease failed" }
& $py installer\make_icons.py
if ($LASTEXITCODE -ne 0) { throw "make_icons failed" }
& $py -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller installer\funneldesk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# Smoke check: the console executable answers and the app paints a window offscreen.
& dist\FunnelDesk\funneldesk-cli.exe --version
$env:QT_QPA_PLATFORM = "offscreen"
& dist\FunnelDesk\funneldesk-cli.exe demo --db build\smoke.sqlite --customers 100 --seed 1
& dist\FunnelDesk\funneldesk-cli.exe --db build\smoke.sqlite --view pipeline --screenshot build\smoke.png
if ($LASTEXITCODE -ne 0) { throw "the bundle did not start" }
Remove-Item Env:QT_QPA_PLATFORM

$zip = "dist\FunnelDesk-$version-windows-x64.zip"
if (Test-Path $zip) { Remove-Item $zip }
Compress-Archive -Path dist\FunnelDesk -DestinationPath $zip
$size = (Get-ChildItem dist\FunnelDesk -Recurse | Measure-Object -Property Length -Sum).Sum / 1MB
Write-Host ("build_windows: {0:N0} MB in dist\FunnelDesk, {1}" -f $size, $zip)
