using System.Collections.Frozen;
using System.Globalization;

namespace NewsMonitor.Feeds.Parsing;

/// <summary>
/// Reads the dates feeds publish: RFC 822/1123 (and the broken variants seen in the wild) and ISO 8601 / RFC 3339.
/// Always returns UTC; returns null, never throws, when the text is not a date it can read.
/// </summary>
/// <remarks>
/// A date without a zone is taken as UTC. Military single-letter zones are read as UTC, as RFC 2822 section 4.3
/// directs, because RFC 822 defined their signs backwards and real senders disagree on them. Ambiguous
/// abbreviations take the reading most news feeds mean: IST is India (+05:30: Indian publishers are the main
/// users), BST British Summer Time (+01:00), CST/CDT US Central (RFC 822), AST Atlantic (-04:00).
/// </remarks>
internal static class FeedDate
{
    private const int NotSet = int.MinValue;

    private static readonly FrozenDictionary<string, int> ZoneMinutes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["GMT"] = 0,
        ["UT"] = 0,
        ["UTC"] = 0,
        ["Z"] = 0,
        ["WET"] = 0,
        ["WEZ"] = 0,
        ["EST"] = -5 * 60,
        ["EDT"] = -4 * 60,
        ["CST"] = -6 * 60,
        ["CDT"] = -5 * 60,
        ["MST"] = -7 * 60,
        ["MDT"] = -6 * 60,
        ["PST"] = -8 * 60,
        ["PDT"] = -7 * 60,
        ["AKST"] = -9 * 60,
        ["AKDT"] = -8 * 60,
        ["HST"] = -10 * 60,
        ["AST"] = -4 * 60,
        ["ADT"] = -3 * 60,
        ["NST"] = -(3 * 60) - 30,
        ["NDT"] = -(2 * 60) - 30,
        ["BRT"] = -3 * 60,
        ["ART"] = -3 * 60,
        ["BST"] = 60,
        ["IST"] = (5 * 60) + 30,
        ["CET"] = 60,
        ["CEST"] = 2 * 60,
        ["MET"] = 60,
        ["MEST"] = 2 * 60,
        ["MEZ"] = 60,
        ["MESZ"] = 2 * 60,
        ["WEST"] = 60,
        ["EET"] = 2 * 60,
        ["EEST"] = 3 * 60,
        ["MSK"] = 3 * 60,
        ["WAT"] = 60,
        ["CAT"] = 2 * 60,
        ["SAST"] = 2 * 60,
        ["EAT"] = 3 * 60,
        ["GST"] = 4 * 60,
        ["PKT"] = 5 * 60,
        ["NPT"] = (5 * 60) + 45,
        ["ICT"] = 7 * 60,
        ["WIB"] = 7 * 60,
        ["HKT"] = 8 * 60,
        ["SGT"] = 8 * 60,
        ["AWST"] = 8 * 60,
        ["JST"] = 9 * 60,
        ["KST"] = 9 * 60,
        ["ACST"] = (9 * 60) + 30,
        ["AEST"] = 10 * 60,
        ["AEDT"] = 11 * 60,
        ["NZST"] = 12 * 60,
        ["NZDT"] = 13 * 60,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> ZoneLookup =
        ZoneMinutes.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly string[] DayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>The instant <paramref name="value"/> names, in UTC; null when absent or unreadable.</summary>
    public static DateTimeOffset? Parse(string? value) => value is null ? null : Parse(value.AsSpan());

    /// <summary>The instant <paramref name="value"/> names, in UTC; null when blank or unreadable.</summary>
    public static DateTimeOffset? Parse(ReadOnlySpan<char> value)
    {
        var text = value.Trim();
        if (text.IsEmpty)
        {
            return null;
        }

        var parsed = LooksIso(text) ? ParseIso(text) : ParseRfc822(text);
        return parsed ?? ParseAnyInvariant(text);
    }

    private static bool LooksIso(ReadOnlySpan<char> text) =>
        text.Length >= 10 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2])
        && char.IsAsciiDigit(text[3]) && text[4] is '-' or '/';

    private static DateTimeOffset? ParseIso(ReadOnlySpan<char> text)
    {
        var position = 0;
        var year = ReadNumber(text, ref position, 4, 4);
        var separator = text[4];
        position++;
        var month = ReadNumber(text, ref position, 1, 2);
        if (position >= text.Length || text[position] != separator)
        {
            return null;
        }

        position++;
        var day = ReadNumber(text, ref position, 1, 2);
        if (year == NotSet || month == NotSet || day == NotSet)
        {
            return null;
        }

        int hour = 0, minute = 0, second = 0;
        long fractionTicks = 0;
        var offsetMinutes = 0;
        if (position < text.Length && text[position] is 'T' or 't' or ' ')
        {
            position++;
            while (position < text.Length && text[position] == ' ')
            {
                position++;
            }

            if (!TryReadTime(text, ref position, out hour, out minute, out second, out fractionTicks))
            {
                return null;
            }

            while (position < text.Length && text[position] == ' ')
            {
                position++;
            }

            if (position < text.Length)
            {
                if (text[position] is '+' or '-')
                {
                    if (!TryReadNumericZone(text, ref position, out offsetMinutes))
                    {
                        return null;
                    }
                }
                else if (char.IsAsciiLetter(text[position]))
                {
                    var start = position;
                    while (position < text.Length && char.IsAsciiLetter(text[position]))
                    {
                        position++;
                    }

                    // "Z", or a named zone some CMSes append ("2026-11-27 10:00:00 EST"); anything else is trailing garbage.
                    _ = ZoneLookup.TryGetValue(text[start..position], out offsetMinutes);
                    if (position < text.Length && text[position] is '+' or '-')
                    {
                        _ = TryReadNumericZone(text, ref position, out offsetMinutes);
                    }
                }
            }
        }

        return Build(year, month, day, hour, minute, second, fractionTicks, offsetMinutes);
    }

    private static DateTimeOffset? ParseRfc822(ReadOnlySpan<char> text)
    {
        int day = NotSet, month = NotSet, year = NotSet, hour = NotSet, minute = 0, second = 0;
        long fractionTicks = 0;
        var offsetMinutes = NotSet;
        var position = 0;
        while (position < text.Length)
        {
            var c = text[position];
            if (char.IsAsciiLetter(c))
            {
                var start = position;
                while (position < text.Length && char.IsAsciiLetter(text[position]))
                {
                    position++;
                }

                var word = text[start..position];
                if (month == NotSet && TryMonth(word, out var monthNumber))
                {
                    month = monthNumber;
                }
                else if (IsDayName(word))
                {
                    // The weekday is redundant and often wrong: ignored.
                }
                else if (hour != NotSet && offsetMinutes == NotSet && ZoneLookup.TryGetValue(word, out var zone))
                {
                    offsetMinutes = zone;
                }
                else if (hour != NotSet && offsetMinutes == NotSet && word.Length == 1 && char.IsAsciiLetter(word[0]))
                {
                    offsetMinutes = 0;
                }
                else if (hour != NotSet && (word.Equals("PM", StringComparison.OrdinalIgnoreCase) || word.Equals("AM", StringComparison.OrdinalIgnoreCase)))
                {
                    var isPm = (word[0] | 0x20) == 'p';
                    hour = hour == 12 ? (isPm ? 12 : 0) : (isPm ? hour + 12 : hour);
                }
                else if (IsComplete(day, month, year))
                {
                    break;
                }
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = position;
                var number = ReadNumber(text, ref position, 1, 4);
                if (number == NotSet)
                {
                    break;
                }

                var digits = position - start;
                if (position < text.Length && text[position] == ':' && hour == NotSet)
                {
                    position = start;
                    if (!TryReadTime(text, ref position, out hour, out minute, out second, out fractionTicks))
                    {
                        return null;
                    }
                }
                else if (digits >= 3 && year == NotSet)
                {
                    year = digits == 3 ? number + 1900 : number;
                }
                else if (digits <= 2 && day == NotSet)
                {
                    day = number;
                }
                else if (digits <= 2 && year == NotSet)
                {
                    // RFC 2822 section 4.3: two-digit years 00-49 are 20xx, 50-99 are 19xx.
                    year = number < 50 ? 2000 + number : 1900 + number;
                }
                else if (IsComplete(day, month, year))
                {
                    break;
                }
                else
                {
                    return null;
                }
            }
            else if (c is '+' or '-' && hour != NotSet && offsetMinutes is NotSet or 0
                     && position + 1 < text.Length && char.IsAsciiDigit(text[position + 1]))
            {
                // "+0100", "-05:00", and "GMT+0100" (the name set zero, the number refines it).
                if (!TryReadNumericZone(text, ref position, out offsetMinutes))
                {
                    return null;
                }
            }
            else if (c is ' ' or ',' or '\t' or '-' or '.' or '\r' or '\n')
            {
                position++;
            }
            else if (IsComplete(day, month, year) && hour != NotSet)
            {
                break;
            }
            else if (c is '(' or ')' or '/')
            {
                return null;
            }
            else
            {
                position++;
            }
        }

        if (!IsComplete(day, month, year))
        {
            return null;
        }

        return Build(year, month, day, hour == NotSet ? 0 : hour, minute, second, fractionTicks, offsetMinutes == NotSet ? 0 : offsetMinutes);
    }

    private static bool IsComplete(int day, int month, int year) => day != NotSet && month != NotSet && year != NotSet;

    private static bool TryReadTime(ReadOnlySpan<char> text, ref int position, out int hour, out int minute, out int second, out long fractionTicks)
    {
        minute = second = 0;
        fractionTicks = 0;
        hour = ReadNumber(text, ref position, 1, 2);
        if (hour == NotSet || position >= text.Length || text[position] != ':')
        {
            return false;
        }

        position++;
        minute = ReadNumber(text, ref position, 2, 2);
        if (minute == NotSet)
        {
            return false;
        }

        if (position < text.Length && text[position] == ':')
        {
            position++;
            second = ReadNumber(text, ref position, 2, 2);
            if (second == NotSet)
            {
                return false;
            }

            if (position + 1 < text.Length && text[position] is '.' or ',' && char.IsAsciiDigit(text[position + 1]))
            {
                position++;
                long scale = TimeSpan.TicksPerSecond;
                while (position < text.Length && char.IsAsciiDigit(text[position]))
                {
                    scale /= 10;
                    fractionTicks += (text[position] - '0') * scale;
                    position++;
                }
            }
        }

        return true;
    }

    private static bool TryReadNumericZone(ReadOnlySpan<char> text, ref int position, out int offsetMinutes)
    {
        offsetMinutes = 0;
        var sign = text[position] == '-' ? -1 : 1;
        position++;
        var start = position;
        var number = ReadNumber(text, ref position, 1, 4);
        if (number == NotSet)
        {
            return false;
        }

        int hours, minutes;
        var digits = position - start;
        if (position < text.Length && text[position] == ':' && digits <= 2)
        {
            position++;
            hours = number;
            minutes = ReadNumber(text, ref position, 2, 2);
            if (minutes == NotSet)
            {
                return false;
            }
        }
        else if (digits <= 2)
        {
            hours = number;
            minutes = 0;
        }
        else
        {
            hours = number / 100;
            minutes = number % 100;
        }

        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offsetMinutes = sign * ((hours * 60) + minutes);
        return true;
    }

    private static int ReadNumber(ReadOnlySpan<char> text, ref int position, int minDigits, int maxDigits)
    {
        var value = 0;
        var digits = 0;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            if (digits == maxDigits)
            {
                return NotSet;
            }

            value = (value * 10) + (text[position] - '0');
            digits++;
            position++;
        }

        return digits < minDigits ? NotSet : value;
    }

    private static bool TryMonth(ReadOnlySpan<char> word, out int month)
    {
        month = 0;
        if (word.Length < 3)
        {
            return false;
        }

        for (var i = 0; i < MonthNames.Length; i++)
        {
            var name = MonthNames[i].AsSpan();
            if (word.Length <= name.Length && name.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                month = i + 1;
                return true;
            }
        }

        if (word.Equals("sept", StringComparison.OrdinalIgnoreCase))
        {
            month = 9;
            return true;
        }

        return false;
    }

    private static bool IsDayName(ReadOnlySpan<char> word)
    {
        if (word.Length < 2)
        {
            return false;
        }

        foreach (var name in DayNames)
        {
            if (word.Length <= name.Length && name.AsSpan().StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return word.Equals("tues", StringComparison.OrdinalIgnoreCase) || word.Equals("thurs", StringComparison.OrdinalIgnoreCase);
    }

    private static DateTimeOffset? Build(int year, int month, int day, int hour, int minute, int second, long fractionTicks, int offsetMinutes)
    {
        if (second == 60)
        {
            // A leap second: .NET has no 23:59:60, the instant a second earlier is close enough for news.
            second = 59;
        }

        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59 || Math.Abs(offsetMinutes) > 14 * 60)
        {
            return null;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var utcTicks = local.Ticks - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return null;
        }

        return new DateTimeOffset(utcTicks, TimeSpan.Zero);
    }

    private static DateTimeOffset? ParseAnyInvariant(ReadOnlySpan<char> text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : null;
}
