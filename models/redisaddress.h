#pragma once

#include <optional>
#include <QString>

namespace Paddock {

// Where a farm's Redis is: `redis://[user@]host[:port][/db]` (DESIGN.md section 6). A password is
// never part of it: it comes from REDISCLI_AUTH or a prompt, and is never stored or printed.
struct RedisAddress {
    QString host;
    int port = 6379;
    QString user; // empty: the default user
    int database = 0;

    // The address of `url`, or nullopt and why not in *error (a password in the URL, rediss://,
    // which this build's hiredis cannot speak, a port or database that is not a number).
    static std::optional<RedisAddress> parse(const QString& url, QString* error);
    QString display() const; // host:port, as `report --json` names it
    QString url() const; // redis://[user@]host:port[/db], without a password
    bool operator==(const RedisAddress&) const = default;
};

} // namespace Paddock
