# Installs the Debian packages Paddock needs, if any are missing. Sourced by the entry scripts.

PADDOCK_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-charts-dev libqt6opengl6-dev libqt6sql6-psql libqt6sql6-sqlite
    libpq-dev libspdlog-dev
    postgresql postgresql-contrib
    redis-server redis-tools libhiredis-dev
    xvfb xauth
    clang-format
    # The Debian package: dpkg-shlibdeps and file for CPack; man, the .desktop and AppStream validators
    # for tests/tst_packagefiles and the installed package.
    dpkg-dev file man-db desktop-file-utils appstream
)

paddock_install_deps() {
    local missing=()
    local package
    for package in "${PADDOCK_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    echo "paddock: installing missing packages: ${missing[*]}" >&2
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null; then
            sudo=(sudo)
        else
            echo "paddock: missing packages (${missing[*]}) and no root to install them" >&2
            return 1
        fi
    fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
