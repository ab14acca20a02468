using System.CommandLine;
using LybuntCrm.Web.Features.Import;
using LybuntCrm.Web.Features.Mailboxes;
using LybuntCrm.Web.Infrastructure.Demo;
using static LybuntCrm.Web.Infrastructure.Cli.VerbText;

namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>
/// Every verb of the executable, registered here and only here: the router, <c>help</c> and the registration of the
/// handlers all read this list, so a verb cannot be known to one and forgotten by another. A new root is built per
/// run; <see cref="Services"/> is the scope the verb's handler comes from.
/// </summary>
public sealed class CrmRootCommand : RootCommand
{
    public const string HelpVerb = "help";

    public CrmRootCommand() : base(T("LybuntCrm runs the web app when no verb is given; a verb does one job and exits."))
    {
        Options.Add(Culture);
        VerbCommand[] verbs =
        [
            MigrateCommand.Define(),
            SeedDemoCommand.Define(),
            UsersCommand.Define(),
            TokensCommand.Define(),
            JobsCommand.Define(),
            ImportCommand.Define(),
            BackupCommand.Define(),
            RestoreCommand.Define(),
            MailboxCommand.Define(),
            Features.Clients.Duplicates.DuplicatesCommand.Define(),
            new VerbCommand(HelpVerb, T("Describes every verb, or one verb with its options and examples."),
                "help", "help import --culture vi", "import --help") { HelpTopic },
        ];
        foreach (var verb in verbs) Subcommands.Add(verb);
    }

    /// <summary>The language of <c>help</c> (en, vi or fa); anything else reads as English.</summary>
    public Option<string> Culture { get; } = new("--culture")
    {
        Description = T("Language of the help text: en, vi or fa."),
        HelpName = "en|vi|fa",
        Recursive = true,
    };

    /// <summary><c>help users add</c>: the verb (and action) to describe.</summary>
    public Argument<string[]> HelpTopic { get; } = new("verb")
    {
        Description = T("The verb to describe, e.g. import or users add."),
        Arity = ArgumentArity.ZeroOrMore,
    };

    public IReadOnlyList<VerbCommand> Verbs => Subcommands.OfType<VerbCommand>().ToList();

    public IServiceProvider? Services { get; set; }
}
