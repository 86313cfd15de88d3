namespace JiraQuality.Core.Ingestion.Csv;

/// <summary>
/// The one mapping table from localised Jira export headers to the English names the reader matches. Jira writes
/// headers in the exporting user's profile language. Only names confirmed from real exports are listed (see
/// docs/ingestion.md); a language or a column not listed is not guessed.
/// </summary>
public static class JiraHeaderNames
{
    /// <summary>Language → localised header → English header.</summary>
    public static readonly IReadOnlyList<(string Language, IReadOnlyDictionary<string, string> Names)> Table =
    [
        ("Spanish", Names(
            ("Clave de incidencia", "Issue key"),
            ("Resumen", "Summary"),
            ("Estado", "Status"),
            ("Persona asignada", "Assignee"),
            ("Creada", "Created"),
            ("Actualizada", "Updated"),
            ("Descripción", "Description"),
            ("Comentario", "Comment"))),
        ("Portuguese", Names(
            ("Chave da item", "Issue key"),
            ("Resumo", "Summary"),
            ("Status", "Status"),
            ("Resolução", "Resolution"),
            ("Responsável", "Assignee"),
            ("ID do responsável", "Assignee Id"),
            ("Relator", "Reporter"),
            ("ID do relator", "Reporter Id"),
            ("Criado", "Created"),
            ("Atualizado(a)", "Updated"),
            ("Atualizado", "Updated"),
            ("Data limite", "Due date"))),
        ("German", Names(
            ("Vorgangsschlüssel", "Issue key"),
            ("Zusammenfassung", "Summary"),
            ("Status", "Status"),
            ("Lösung", "Resolution"),
            ("Zugewiesene Person", "Assignee"),
            ("ID der zugewiesenen Person", "Assignee Id"),
            ("Autor", "Reporter"),
            ("ID des Autors", "Reporter Id"),
            ("Erstellt", "Created"),
            ("Aktualisiert", "Updated"),
            ("Fälligkeitsdatum", "Due date"),
            ("Beschreibung", "Description"))),
        ("French", Names(
            ("Clé de ticket", "Issue key"),
            ("Résumé", "Summary"))),
    ];

    /// <summary>Localised forms of <c>Custom field (Name)</c>.</summary>
    private static readonly string[] CustomFieldPrefixes = ["Campo personalizado", "Benutzerdefinierte Felder"];

    private static readonly Dictionary<string, string> ToEnglishByName = Table
        .SelectMany(t => t.Names)
        .GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>The English header for a localised one; anything not in the table is returned as it is.</summary>
    public static string ToEnglish(string header)
    {
        if (ToEnglishByName.TryGetValue(header, out var english))
        {
            return english;
        }

        foreach (var prefix in CustomFieldPrefixes)
        {
            if (header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && header.AsSpan(prefix.Length).TrimStart().StartsWith("("))
            {
                return "Custom field " + header[prefix.Length..].TrimStart();
            }
        }

        return header;
    }

    /// <summary>The languages of the table, for messages.</summary>
    public static string Languages => "English, " + string.Join(", ", Table.Select(t => t.Language));

    private static Dictionary<string, string> Names(params (string Localised, string English)[] names) =>
        names.ToDictionary(n => n.Localised, n => n.English, StringComparer.OrdinalIgnoreCase);
}
