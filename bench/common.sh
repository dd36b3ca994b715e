# What the bench scripts share; each sources it after setting `repo`. Not a script of its own.

log() { printf '\n== %s\n' "$*" >&2; }

require_root() {
    [[ $(id -u) == 0 ]] || { echo "bench: run as root" >&2; exit 1; }
}

# install_missing PACKAGE...: installs from Debian those not installed yet.
install_missing() {
    local missing=() package
    for package; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    ((${#missing[@]})) || return 0
    log "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The report code each script runs as `report_python ARGS... <<'EOF'` imports results_section from here.
report_python() { PYTHONPATH=$repo/bench python3 - "$@"; }
