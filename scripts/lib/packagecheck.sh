# The Debian package as a user gets it: built, installed with apt-get, the installed paddock run
# against the private cluster of scripts/test (which must be running), its files validated, removed.
# Sourced by scripts/test --package (what CI runs); needs root or sudo.

# Removes the package if it is installed: the end of the check, and scripts/test's exit however it ends.
paddock_package_remove() {
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    if dpkg-query -W -f='${Status}' paddock 2>/dev/null | grep -q "install ok installed"; then
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get remove -y -qq paddock
    fi
}

paddock_package_check() {
    local started=$SECONDS deb status sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    # From the dev tree the tests ran: a release build of its own would double CI's compile time.
    deb=$(scripts/package --preset dev)
    echo "paddock: $deb built in $((SECONDS - started)) s" >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$deb"

    /usr/bin/paddock --version
    /usr/bin/paddock-sim --version
    psql -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS paddock_package" -c "CREATE DATABASE paddock_package"
    /usr/bin/paddock schema install --connect "dbname=paddock_package"
    # An empty farm: healthy or not is the farm's business (0 to 2); 3 means the installed binary could not tell.
    status=0
    /usr/bin/paddock report --connect "dbname=paddock_package" || status=$?
    echo "paddock: the installed paddock report exited $status" >&2
    if [ "$status" -gt 2 ]; then
        return 1
    fi
    desktop-file-validate /usr/share/applications/io.github.paddockhq.Paddock.desktop
    appstreamcli validate --no-net /usr/share/metainfo/io.github.paddockhq.Paddock.metainfo.xml
    man -w paddock
    man -w paddock-sim
    bash -c 'source /usr/share/bash-completion/completions/paddock && complete -p paddock paddock-sim'

    paddock_package_remove
    if [ -e /usr/bin/paddock ] || [ -e /usr/bin/paddock-sim ]; then
        echo "paddock: the package was removed, but its binaries are still there" >&2
        return 1
    fi
    echo "paddock: the package installed, ran against the test cluster and was removed in $((SECONDS - started)) s" >&2
}
