#include "passwordscrub.h"

#include <cctype>
#include <cstring>

namespace Paddock {

namespace {

bool hide(char* from, char* to)
{
    for (char* c = from; c < to; ++c)
        *c = 'x';
    return to > from;
}

bool isSpace(char c)
{
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// postgresql://user:secret@host/db?password=secret&sslmode=require
bool hideInUri(char* uri)
{
    bool hidden = false;
    char* rest = std::strstr(uri, "://") + 3;
    char* authorityEnd = rest + std::strcspn(rest, "/?#");
    char* at = nullptr;
    for (char* c = rest; c < authorityEnd; ++c) {
        if (*c == '@')
            at = c; // the last one: a password may contain an escaped one only, but be lenient
    }
    if (at) {
        char* colon = static_cast<char*>(std::memchr(rest, ':', std::size_t(at - rest)));
        if (colon)
            hidden = hide(colon + 1, at) || hidden;
    }
    char* query = std::strchr(authorityEnd, '?');
    while (query) {
        char* key = query + 1;
        char* end = key + std::strcspn(key, "&#");
        if (std::strncmp(key, "password=", 9) == 0)
            hidden = hide(key + 9, end) || hidden;
        query = *end == '&' ? end : nullptr;
    }
    return hidden;
}

// host=db password = 'it''s \' secret' dbname=farm
bool hideInConninfo(char* conninfo)
{
    bool hidden = false;
    char* c = conninfo;
    while (*c) {
        while (isSpace(*c))
            ++c;
        char* key = c;
        while (*c && *c != '=' && !isSpace(*c))
            ++c;
        const bool password = std::size_t(c - key) == 8 && std::strncmp(key, "password", 8) == 0;
        while (isSpace(*c))
            ++c;
        if (*c != '=')
            return hidden; // not a conninfo (any more): leave the rest as it is
        ++c;
        while (isSpace(*c))
            ++c;
        char* value = c;
        if (*c == '\'') {
            ++c;
            value = c;
            while (*c && *c != '\'') {
                if (*c == '\\' && c[1])
                    ++c;
                ++c;
            }
            if (password)
                hidden = hide(value, c) || hidden;
            if (*c == '\'')
                ++c;
        } else {
            while (*c && !isSpace(*c)) {
                if (*c == '\\' && c[1])
                    ++c;
                ++c;
            }
            if (password)
                hidden = hide(value, c) || hidden;
        }
    }
    return hidden;
}

} // namespace

bool hidePasswords(char* argument)
{
    if (!argument)
        return false;
    // --connect=..., --read-connect=...: the value after the option's '='.
    char* text = argument;
    if (std::strncmp(text, "--", 2) == 0) {
        char* equals = std::strchr(text, '=');
        if (!equals)
            return false;
        text = equals + 1;
    }
    if (std::strncmp(text, "postgresql://", 13) == 0 || std::strncmp(text, "postgres://", 11) == 0)
        return hideInUri(text);
    if (!std::strstr(text, "password"))
        return false;
    return hideInConninfo(text);
}

} // namespace Paddock
