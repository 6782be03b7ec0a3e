# The Debian package (cpack -G DEB, or scripts/package): paddock_<version>_<arch>.deb with both
# programs, their man pages and completion, the launcher, icons and AppStream metainfo.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME paddock)
set(CPACK_PACKAGE_VENDOR "The Paddock developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "dashboard for web farms that synchronise through PostgreSQL")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/paddockhq/paddock")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Debug information stays in the build tree; the package carries lean binaries.
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "The Paddock developers <paddock@paddockhq.github.io>")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
# The summary above is the synopsis; this the extended description (CPack indents it, and writes
# the empty line as Debian's " .").
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Paddock watches a web farm: instances of one web application that share one
PostgreSQL database and keep their caches in sync through it. It shows which
instances are alive, how fast cache invalidations reach each of them, the
sync-task backlog, shared storage, the farm's Redis, the database server and the
scheduled tasks, flushes caches and keeps a flight recording of every farm it
watches.

paddock report and paddock watch give the same figures to scripts and monitoring
systems; paddock-sim plays a simulated farm with faults on demand.")
# The libraries the binaries link come from dpkg-shlibdeps. The SQLite driver of Qt Sql (the
# flight recorder) is a plugin loaded at run time, which no linker sees: it is the one named here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
