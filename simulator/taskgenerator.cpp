#include "taskgenerator.h"

#include <iterator>

namespace Paddock {

namespace {

struct TypeWeight {
    const char* type;
    double weight; // percent
};

// About 80 % cache work, 19 % files, 1 % custom, a rare restart.
constexpr TypeWeight Mix[] = {
    { "TOUCH_CACHE_ITEM", 30.0 },
    { "REMOVE_CACHE_ITEM", 25.0 },
    { "CLEAR_CACHE_ITEMS", 8.0 },
    { "CLEAR_FULL_PAGE_CACHE", 4.0 },
    { "INVALIDATE_OBJECT", 12.0 },
    { "UPDATE_METAFILE", 12.98 },
    { "DELETE_METAFILE", 7.0 },
    { "RESTART_APPLICATION", 0.02 },
    { "CUSTOM_WEBHOOK", 1.0 },
};

const QStringList& words()
{
    static const QStringList list {
        QStringLiteral("spring-release"),
        QStringLiteral("security-advisory"),
        QStringLiteral("pricing-update"),
        QStringLiteral("customer-story"),
        QStringLiteral("webinar-recap"),
        QStringLiteral("roadmap"),
        QStringLiteral("getting-started"),
        QStringLiteral("office-opening"),
        QStringLiteral("quarterly-results"),
        QStringLiteral("partner-program"),
        QStringLiteral("maintenance-window"),
        QStringLiteral("product-launch"),
    };
    return list;
}

} // namespace

TaskGenerator::TaskGenerator(quint64 seed, QStringList storages)
    : m_random(seed)
    , m_storages(std::move(storages))
{
}

QString TaskGenerator::pick(const QStringList& list)
{
    return list.at(m_random.index(int(list.size())));
}

QString TaskGenerator::documentPath()
{
    static const QStringList sections { QStringLiteral("news"), QStringLiteral("blog"), QStringLiteral("products"),
        QStringLiteral("events"), QStringLiteral("careers"), QStringLiteral("support") };
    const QString section = pick(sections);
    const QString slug = QStringLiteral("%1-%2").arg(pick(words())).arg(1000 + m_random.index(9000));
    if (section == QLatin1String("news") || section == QLatin1String("blog"))
        return QStringLiteral("/%1/2026/%2/%3")
            .arg(section)
            .arg(1 + m_random.index(12), 2, 10, QLatin1Char('0'))
            .arg(slug);
    return QStringLiteral("/%1/%2").arg(section, slug);
}

QString TaskGenerator::fileTarget()
{
    const QString storage = m_storages.isEmpty() ? QStringLiteral("media") : pick(m_storages);
    const int index = m_random.index(4);
    static const char* const extensions[] = { "jpg", "png", "pdf", "webp" };
    const QString name = QStringLiteral("%1-%2.%3")
                             .arg(pick(words()))
                             .arg(1000 + m_random.index(9000))
                             .arg(QLatin1String(extensions[index]));
    if (storage == QLatin1String("attachments")) {
        const quint64 guid = m_random.next();
        return QStringLiteral("attachments/%1/%2/%3")
            .arg(guid >> 56, 2, 16, QLatin1Char('0'))
            .arg(guid >> 32, 8, 16, QLatin1Char('0'))
            .arg(name);
    }
    static const QStringList libraries { QStringLiteral("news"), QStringLiteral("products"), QStringLiteral("team"),
        QStringLiteral("banners") };
    return QStringLiteral("%1/%2/2026/%3/%4")
        .arg(storage, pick(libraries))
        .arg(1 + m_random.index(12), 2, 10, QLatin1Char('0'))
        .arg(name);
}

SimTask TaskGenerator::next()
{
    double roll = m_random.uniform() * 100.0;
    QString type = QString::fromLatin1(std::prev(std::end(Mix))->type);
    for (const TypeWeight& entry : Mix) {
        if (roll < entry.weight) {
            type = QString::fromLatin1(entry.type);
            break;
        }
        roll -= entry.weight;
    }

    static const QStringList cultures { QStringLiteral("en-us"), QStringLiteral("de-de"), QStringLiteral("fr-fr"),
        QStringLiteral("cs-cz") };
    static const QStringList objectTypes { QStringLiteral("cms.document"), QStringLiteral("cms.user"),
        QStringLiteral("ecommerce.sku"), QStringLiteral("cms.category"), QStringLiteral("cms.settingskey") };
    SimTask task;
    task.type = type;
    if (type == QLatin1String("TOUCH_CACHE_ITEM") || type == QLatin1String("REMOVE_CACHE_ITEM")) {
        if (m_random.chance(0.7))
            task.target = QStringLiteral("cms.document|%1|%2").arg(pick(cultures), documentPath());
        else
            task.target = QStringLiteral("%1|byid|%2").arg(pick(objectTypes)).arg(1 + m_random.index(50000));
    } else if (type == QLatin1String("CLEAR_CACHE_ITEMS")) {
        task.target
            = QStringLiteral("node|corporatesite|%1|childnodes").arg(documentPath().section(QLatin1Char('/'), 0, -2));
    } else if (type == QLatin1String("CLEAR_FULL_PAGE_CACHE")) {
        task.target = QStringLiteral("corporatesite|%1/*").arg(documentPath().section(QLatin1Char('/'), 0, 1));
    } else if (type == QLatin1String("INVALIDATE_OBJECT")) {
        task.target = QStringLiteral("%1|%2").arg(pick(objectTypes)).arg(1 + m_random.index(50000));
    } else if (isFileType(type)) {
        task.isMemory = false;
        task.target = fileTarget();
        if (type == QLatin1String("UPDATE_METAFILE"))
            task.textData = QStringLiteral("size=%1").arg(qint64(m_random.logNormal(350'000, 1.0)));
    } else if (type == QLatin1String("RESTART_APPLICATION")) {
        task.textData = QStringLiteral("settings changed: CMSWebFarmMode");
    } else {
        task.target = QStringLiteral("crm-sync|contact|%1").arg(1 + m_random.index(900000));
        task.textData = QStringLiteral("{\"event\":\"contact.updated\",\"attempt\":1}");
    }
    return task;
}

bool TaskGenerator::isFileType(const QString& type)
{
    return type == QLatin1String("UPDATE_METAFILE") || type == QLatin1String("DELETE_METAFILE");
}

bool TaskGenerator::isCacheType(const QString& type)
{
    static const QStringList cache { QStringLiteral("TOUCH_CACHE_ITEM"), QStringLiteral("REMOVE_CACHE_ITEM"),
        QStringLiteral("CLEAR_CACHE_ITEMS"), QStringLiteral("CLEAR_FULL_PAGE_CACHE"),
        QStringLiteral("INVALIDATE_OBJECT"), QStringLiteral("CLEAR_CACHE") };
    return cache.contains(type);
}

QString TaskGenerator::storageOf(const QString& target)
{
    return target.section(QLatin1Char('/'), 0, 0);
}

} // namespace Paddock
