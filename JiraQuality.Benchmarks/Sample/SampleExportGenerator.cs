using System.Globalization;
using System.Text;
using CsvHelper;
using JiraQuality.Core.Agents.Directory;

namespace JiraQuality.Benchmarks.Sample;

/// <summary>
/// A deterministic synthetic Jira Service Management export of a bike-share rider support desk: Tier 1 and
/// Tier 2 agents, hand-overs with internal notes, slow first responses, abusive customers and a swearing
/// agent, several hubs, contact reasons (two columns, as Jira exports them), satisfaction ratings,
/// multi-line bodies with semicolons and commas, non-ASCII text, personal data to redact and Jira markup.
/// The same settings always give the same bytes.
/// </summary>
public sealed class SampleExportGenerator(SampleExportSettings settings)
{
    private static readonly string[] Hubs = ["Lisboa Centro", "Porto Ribeira", "Braga Norte", "Coimbra Universidade", "Faro Marina", "Évora Praça"];

    private static readonly (string Reason, string Opening, string Summary)[] Reasons =
    [
        ("Rental finish issue", "I parked the bike at the dock but the app still says my rental is running", "Rental won't end"),
        ("Rental start issue", "The app says unlocked but the bike stays locked in the dock", "Bike won't unlock"),
        ("E-bike damage issue", "The bike I took has a flat tire and the brakes squeak; I had to walk it back", "Damaged bike"),
        ("Payment issues", "I was charged twice for the same ride yesterday, can you check?", "Charged twice"),
        ("Refund request", "The ride was cut short because the battery died, I want my money back", "Refund for ride"),
        ("Dock availability issue", "No empty dock at the station, where am I supposed to leave the bike?", "Dock full"),
        ("Hub sold out", "The hub near the university has no bikes at all since this morning", "No bikes at hub"),
        ("Login / signup issue", "I can't log in, the code never arrives by SMS", "Login code missing"),
        ("info/question about my current subscription / pass", "Does my monthly pass include the e-bikes or only the classic ones?", "Pass question"),
        ("Request to cancel weekly subscription", "Please cancel my weekly subscription, I'm moving away", "Cancel weekly"),
        ("Invoice or receipt request", "I need an invoice with my company's VAT number for last month", "Invoice needed"),
        ("E-bike lost or stolen during a rental", "Someone took the bike while I was in the shop, I had locked it", "Bike stolen"),
        ("My account is blocked", "My account says blocked and I don't know why", "Account blocked"),
        ("General complaint", "Third time this week the app crashes when I try to end the ride", "App keeps crashing"),
        ("Promotions or discounts question / issue", "The promo code from the newsletter doesn't work", "Promo code"),
    ];

    private static readonly string[] CustomerNames =
    [
        "João Silva", "Maria Conceição", "Ana Sousa", "Luís Gonçalves", "Inês Brandão", "Tiago Ferreira", "Beatriz Araújo",
        "Pedro Martins", "Sofia Carvalho", "Miguel Antunes", "Zoë Müller", "Łukasz Nowak", "Chloé Dubois", "Ahmed Haddad",
        "Emily Carter", "Noah Williams", "Yuki Tanaka", "Olívia Ribeiro", "Rui Patrício", "Catarina Lopes",
    ];

    private static readonly (string Name, string Tier)[] AgentRoster =
    [
        ("Rita Almeida", "Tier 1"), ("Bruno Costa", "Tier 1"), ("Marta Pires", "Tier 1"), ("Hugo Teixeira", "Tier 1"),
        ("Joana Moreira", "Tier 1"), ("Diogo Fonseca", "Tier 1"), ("Sara Mendes", "Tier 2"), ("André Cardoso", "Tier 2"),
        ("Filipa Rocha", "Tier 2"), ("Carlos Neves", "Non agent"),
    ];

    private static readonly string[] CustomerFollowUps =
    [
        "Any update?? It's been a while.",
        "Ok I tried again; still the same. The screen says \"error 42\", then nothing.",
        "Here is a photo: !IMG_2231.jpg|thumbnail!",
        "Thanks! That worked!",
        "Hey! Still waiting here!",
        "My bike QR code is on the frame, the number is 4471; the dock is number 12.",
        "You can call me on +351 912 345 678 or write to me at {email}",
        "I paid with my card 4539 1488 0343 6467, please check the charge",
        "Obrigado pela ajuda 🙏",
        "Line one of my message,\nline two; with a semicolon,\nand a third line.",
        "Here's the screenshot https://example.com/screens/shot-12.png of the error",
        "No, that doesn't help. I want a refund; simple as that.",
    ];

    private static readonly string[] AbusiveMessages =
    [
        "This is a damn joke, you people are useless and stupid!",
        "What the hell is wrong with your service? Absolute crap.",
        "Are you idiots even reading my messages?",
    ];

    private static readonly string[] AgentReplies =
    [
        "Hi {name}, thanks for reaching out! I'm sorry about the trouble. Could you tell me the bike number?",
        "Thanks for the details. I'm checking your rental now; give me a moment.",
        "I've ended the rental remotely and refunded the extra minutes. You'll see it on your statement in 3–5 days.",
        "Could you try closing the app and opening it again? If it still fails, send me a screenshot.",
        "I understand how frustrating this is. I've raised it with our field team; they'll check the dock today.",
        "Your refund of €2.40 has been processed; reference RF-{n}.",
        "Done! Your subscription is cancelled and you won't be charged again.",
        "Please see our guide: https://help.example.com/articles/ending-a-ride",
        "Olá {name}! The invoice is attached: [^invoice-{n}.pdf] _(84 kB)_",
        "Could you confirm the e-mail on your account? For privacy I can't read it out here.",
    ];

    private static readonly string[] ClosingReplies =
    [
        "Glad it's sorted! I'll close this ticket now; reply here if anything else comes up.",
        "I'm closing this ticket; have a good ride!",
        "Happy to help. Closing the ticket now.",
    ];

    private readonly Random _random = new(settings.Seed);

    public SampleExportSettings Settings => settings;

    /// <summary>The agents the export uses, for the agent directory file.</summary>
    public static IReadOnlyList<AgentDto> Agents(int seed = 20251103)
    {
        var random = new Random(seed ^ 0x5A5A);
        return AgentRoster.Select(a => new AgentDto("712020:" + NewGuid(random), a.Name, a.Tier)).ToList();
    }

    /// <summary>Writes the export as CSV (CRLF line ends, every field quoted when needed, as Jira does).</summary>
    public void Write(TextWriter output)
    {
        var agents = Agents(settings.Seed);
        var tier1 = agents.Where(a => a.Tier == "Tier 1").ToList();
        var tier2 = agents.Where(a => a.Tier == "Tier 2").ToList();
        var lead = agents.First(a => a.Tier == "Non agent");
        var customers = CustomerNames.Select(n => (Name: n, Id: $"qm:{NewGuid(_random)}:{NewGuid(_random)}")).ToList();

        using var csv = new CsvWriter(output, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture)
        {
            NewLine = "\r\n",

            // CsvHelper only looks for the configured "\r\n"; a body with a bare "\n" must be quoted too.
            ShouldQuote = args => args.Field is { } field && field.AsSpan().IndexOfAny(",\"\r\n") >= 0,
        }, leaveOpen: true);
        string[] header =
        [
            "Issue Type", "Issue key", "Issue id", "Summary", "Assignee", "Assignee Id", "Reporter", "Reporter Id", "Priority", "Status",
            "Resolution", "Created", "Updated", "Due date", "Custom field (Hub)", "Custom field (Contact Reason)", "Custom field (Contact Reason)",
            "Custom field (Refund Reason)", "Custom field (Dock)", "Custom field (Rental ID)", "Custom field (Bike QR Code)", "Satisfaction rating",
        ];
        foreach (var column in header)
        {
            csv.WriteField(column);
        }

        for (var i = 0; i < settings.MaxComments; i++)
        {
            csv.WriteField("Comment");
        }

        csv.NextRecord();

        var start = settings.EndUtc.AddDays(-settings.Days);
        var spanMinutes = settings.Days * 24 * 60;
        var createdTimes = Enumerable.Range(0, settings.Tickets)
            .Select(_ => start.AddMinutes(_random.Next(spanMinutes - 180)))
            .Order()
            .ToList();
        createdTimes[^1] = settings.EndUtc.AddMinutes(-150);
        var comments = new List<string>(settings.MaxComments);
        for (var t = 0; t < settings.Tickets; t++)
        {
            comments.Clear();
            var created = createdTimes[t];
            var customer = customers[_random.Next(customers.Count)];
            var reason = Reasons[_random.Next(Reasons.Length)];
            var hub = Hubs[_random.Next(Hubs.Length)];
            var agent = tier1[_random.Next(tier1.Count)];
            var abusive = _random.NextDouble() < 0.06;
            var swearingAgent = _random.NextDouble() < 0.02;
            var escalate = _random.NextDouble() < 0.18;
            var target = _random.Next(settings.MinComments, settings.MaxComments + 1);
            if (_random.NextDouble() < 0.75)
            {
                // Most real threads are short.
                target = Math.Min(target, _random.Next(settings.MinComments, Math.Min(settings.MaxComments, 12) + 1));
            }

            var clock = created;
            var email = $"{Ascii(customer.Name).ToLowerInvariant().Replace(' ', '.')}@example.org";
            comments.Add(Comment(clock, customer.Id, reason.Opening + (_random.NextDouble() < 0.3 ? $"\nMy e-mail is {email}; rental {RentalId(t)}." : "")));

            // First response: usually minutes, sometimes an SLA breach of hours.
            var firstDelay = _random.NextDouble() switch
            {
                < 0.55 => _random.Next(0, 5),
                < 0.8 => _random.Next(5, 15),
                < 0.93 => _random.Next(15, 90),
                _ => _random.Next(120, 600),
            };
            var handler = agent;
            var escalated = false;
            var customerTurn = false;
            while (comments.Count < target)
            {
                var isLast = comments.Count == target - 1;
                if (customerTurn)
                {
                    clock = clock.AddMinutes(_random.Next(0, 40));
                    var body = abusive && _random.NextDouble() < 0.5
                        ? AbusiveMessages[_random.Next(AbusiveMessages.Length)]
                        : CustomerFollowUps[_random.Next(CustomerFollowUps.Length)].Replace("{email}", email);
                    comments.Add(Comment(clock, customer.Id, body));
                    customerTurn = false;
                    continue;
                }

                clock = clock.AddMinutes(comments.Count == 1 ? firstDelay : _random.Next(0, 25));
                if (escalate && !escalated && comments.Count >= 3 && !isLast)
                {
                    var specialist = tier2[_random.Next(tier2.Count)];
                    comments.Add(Comment(clock, handler.AccountId,
                        $"----\n*Note:* escalating to Tier 2; {specialist.DisplayName} please check the dock logs for {hub}, dock {_random.Next(1, 40)}."));
                    clock = clock.AddMinutes(_random.Next(1, 30));
                    handler = specialist;
                    escalated = true;
                    if (comments.Count >= target)
                    {
                        break;
                    }
                }

                if (comments.Count >= 3 && _random.NextDouble() < 0.05 && !isLast)
                {
                    comments.Add(Comment(clock, lead.AccountId, $"[~accountid:{handler.AccountId}] please prioritise this one, the customer wrote twice."));
                    continue;
                }

                var reply = isLast
                    ? ClosingReplies[_random.Next(ClosingReplies.Length)]
                    : AgentReplies[_random.Next(AgentReplies.Length)]
                        .Replace("{name}", customer.Name.Split(' ')[0])
                        .Replace("{n}", _random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture));
                if (swearingAgent && _random.NextDouble() < 0.4)
                {
                    reply = "Honestly this damn system is crap today, sorry. " + reply;
                }

                comments.Add(Comment(clock, handler.AccountId, reply));
                // Some customers answer within the same minute; the export order must survive.
                customerTurn = _random.NextDouble() < 0.85;
                if (customerTurn && _random.NextDouble() < 0.2)
                {
                    clock = clock.AddSeconds(20);
                }
            }

            var open = t >= settings.Tickets - 6 || _random.NextDouble() < 0.05;
            var status = open ? (_random.NextDouble() < 0.5 ? "Waiting for support" : "In Progress") : "Done";
            var resolution = open ? "" : _random.NextDouble() < 0.04 ? "Duplicate" : "Done";
            var rating = !open && _random.NextDouble() < 0.45 ? (abusive ? _random.Next(1, 3) : _random.Next(2, 6)).ToString(CultureInfo.InvariantCulture) : "";
            var reasonColumn = _random.NextDouble() < 0.5;

            csv.WriteField("[System] Service request");
            csv.WriteField($"{settings.ProjectKey}-{1000 + t}");
            csv.WriteField((200000 + t).ToString(CultureInfo.InvariantCulture));
            csv.WriteField(reason.Summary);
            csv.WriteField(handler.DisplayName);
            csv.WriteField(handler.AccountId);
            csv.WriteField(customer.Name);
            csv.WriteField(customer.Id);
            csv.WriteField(abusive ? "High" : "Medium");
            csv.WriteField(status);
            csv.WriteField(resolution);
            csv.WriteField(created.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture));
            csv.WriteField(clock.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture));
            csv.WriteField("");
            csv.WriteField(hub);
            csv.WriteField(reasonColumn ? reason.Reason : "");
            csv.WriteField(reasonColumn ? "" : reason.Reason);
            csv.WriteField(reason.Reason == "Refund request" ? "Battery died" : "");
            csv.WriteField(_random.Next(1, 40).ToString(CultureInfo.InvariantCulture));
            csv.WriteField(RentalId(t));
            csv.WriteField($"QR-{_random.Next(1000, 9999)}");
            csv.WriteField(rating);
            for (var i = 0; i < settings.MaxComments; i++)
            {
                csv.WriteField(i < comments.Count ? comments[i] : "");
            }

            csv.NextRecord();
        }
    }

    /// <summary>Writes the export to a file; returns its path.</summary>
    public string WriteFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(true), 1 << 16);
        Write(writer);
        return path;
    }

    private static string Comment(DateTime at, string authorId, string body) =>
        $"{at.ToString("dd/MMM/yy h:mm tt", CultureInfo.InvariantCulture)};{authorId};{body}";

    private static string RentalId(int ticket) => $"R-{700000 + (ticket * 37 % 99991)}";

    private static string NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    private static string Ascii(string name)
    {
        var normalized = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (c < 128 && (char.IsLetter(c) || c == ' '))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
