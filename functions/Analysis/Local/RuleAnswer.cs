namespace NewsMonitor.Analysis.Local;

/// <summary>Which of the entity rules produced an answer. The recognizer decides by it which rule answers stand
/// against the trained tagger (<see cref="EntityRecognizer"/>), so two rules that happen to give the same
/// confidence are never mistaken for each other.</summary>
internal enum RuleKind
{
    /// <summary>A date, time or quantity pattern ("Monday", "5%", "$3 billion").</summary>
    Pattern,

    /// <summary>The place of a news dateline in capitals ("KABUL, Afghanistan (Reuters) -", "LONDON 1996-08-22").</summary>
    Dateline,

    /// <summary>A run ending in an organisation head word ("World Health Organization", "Atlas Telecom").</summary>
    OrganizationHead,

    /// <summary>An organisation the gazetteer knows.</summary>
    KnownOrganization,

    /// <summary>A person the gazetteer knows ("Barack Obama").</summary>
    KnownPerson,

    /// <summary>A name after a title ("German Chancellor Angela Merkel", "foreign minister S Jaishankar").</summary>
    TitledPerson,

    /// <summary>A place the gazetteer knows.</summary>
    KnownPlace,

    /// <summary>A run ending in an event head word ("Tokyo Olympics").</summary>
    Event,

    /// <summary>A run opening with a known first name or an initial ("Sergei Lavrov", "S Jaishankar").</summary>
    FirstNamePerson,

    /// <summary>One piece of a run of known names side by side ("Iran Afghan", "India Pakistan").</summary>
    KnownNamePiece,

    /// <summary>An unknown name read as a place from its context ("Islam Qala border crossing", "the town of
    /// Zaranj", "Spin Boldak, a border town").</summary>
    PlaceFromContext,

    /// <summary>Two or three capitalised words with the shape of a person's name ("Ashraf Ghani").</summary>
    NameShape,

    /// <summary>A short run read as a group from its context ("the Taliban", "Hamas militants").</summary>
    OrganizationFromContext,

    /// <summary>Another mention of a name an earlier rule found ("Lavrov said" after "Sergei Lavrov").</summary>
    OtherMention,
}

/// <summary>An entity the rules found, with the rule that found it.</summary>
internal readonly record struct RuleAnswer(RecognizedEntity Entity, RuleKind Kind);
