#!/usr/bin/env bash
# Debian packages some features need: Tesseract with Russian (OCR of scans), LibreOffice
# (.doc/.rtf/.odt, and regenerating the fixture PDFs; Calc renders the XLSX reports in the printing test), Chromium and its driver (the review page's
# browser test). Installed when missing and we are root; otherwise srok refuses those files with the
# reason, and the tests that need them are skipped with that reason.
set -u
need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-rus)
command -v tesseract >/dev/null 2>&1 && ! tesseract --list-langs 2>/dev/null | grep -qx rus && need+=(tesseract-ocr-rus)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${need[*]} (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null \
    || echo "warning: could not install ${need[*]}: OCR or legacy formats will be refused with that reason"
else
  echo "note: ${need[*]} missing and not root: OCR or legacy formats will be refused with that reason"
fi
exit 0
