#!/usr/bin/env bash
# Installs everything Edge needs to build, run and test on Debian 12: the .NET 10 SDK (if absent) and the Debian
# packages of the real peers and native libraries Edge uses or is tested against. Idempotent; safe to re-run.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

packages=(
  # Real DICOM peers the tests and benchmarks use.
  dcmtk dicom3tools libgdcm-tools orthanc
  # Native libraries Edge calls: SQLCipher (ledger), Tesseract + tessdata (OCR), image codecs.
  libsqlcipher0 sqlcipher sqlite3 libtesseract5 tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra
  libjpeg62-turbo libturbojpeg0 libopenjp2-7 libcharls2
  # The shared test tools (seed_phi.py, leakcheck.py) and the independent gRPC client used in tests.
  python3 python3-pydicom python3-numpy python3-pil python3-gdcm python3-grpcio python3-protobuf
  # systemd-analyze verifies the unit file; curl/ca-certificates fetch the SDK when missing; time measures peak RSS in benchmarks.
  systemd curl ca-certificates time
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks | grep -q '^10\.'; then
  # Microsoft's Debian 12 feed carries the SDK as a package.
  tmp=$(mktemp -d)
  curl -fsSL -o "$tmp/packages-microsoft-prod.deb" https://packages.microsoft.com/config/debian/12/packages-microsoft-prod.deb
  $SUDO dpkg -i "$tmp/packages-microsoft-prod.deb"
  rm -rf "$tmp"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q dotnet-sdk-10.0
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
cd "$(dirname "$0")/.."
dotnet restore Edge.sln
