using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>action.yml and the workflows pass the GitHub schemas (action-validator), and the docs name its
/// inputs.</summary>
[Collection(ActionCollection.Name)]
[Trait("Needs", "node"), Trait("Needs", "pack")]
public sealed class ActionValidationTests(PackedTool tool)
{
    public static TheoryData<string> Files()
    {
        var root = AzSync.Testing.RepoPaths.Root;
        var data = new TheoryData<string> { "action.yml" };
        foreach (var f in Directory.GetFiles(Path.Combine(root, ".github", "workflows"), "*.yml").Order())
            data.Add(Path.GetRelativePath(root, f));
        return data;
    }

    [Theory, MemberData(nameof(Files))]
    public void Passes_action_validator(string file)
    {
        var (code, output) = Validate(
            file == "action.yml" ? WithRuntimeTheValidatorKnows() : Path.Combine(tool.RepoRoot, file));
        Assert.True(code == 0, $"{file}:\n{output}");
    }

    /// <summary>
    /// action-validator 0.6.0 (the newest on npm) carries a schema from before GitHub added node24, so it is given a
    /// copy saying node20 and everything else is checked as written; the runtime itself is asserted here.
    /// </summary>
    private string WithRuntimeTheValidatorKnows()
    {
        var text = File.ReadAllText(Path.Combine(tool.RepoRoot, "action.yml"));
        Assert.Contains("\nruns:\n  using: node24\n  main: action/dist/index.js\n", text);
        Assert.True(File.Exists(Path.Combine(tool.RepoRoot, "action", "dist", "index.js")), "the bundle is committed");
        var copy = Path.Combine(Directory.CreateTempSubdirectory("azsync-action-yml-").FullName, "action.yml");
        File.WriteAllText(copy, text.Replace("  using: node24\n", "  using: node20\n"));
        return copy;
    }

    [Theory]
    [InlineData("  main: action/dist/index.js\n", "", "/runs/main")]
    [InlineData("\noutputs:\n", "\noutput:\n", "Additional property 'output' is not allowed")]
    [InlineData("  using: node24\n", "  using: nodejs\n", "/runs/using")]
    public void A_broken_action_yml_fails_validation(string find, string replace, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("azsync-broken-action-").FullName;
        try
        {
            var text = File.ReadAllText(WithRuntimeTheValidatorKnows())
                .Replace("  using: node20\n", "  using: node24\n");
            Assert.Contains(find, text);
            // The validator tells an action from a workflow by the file name.
            var broken = Path.Combine(dir, "action.yml");
            File.WriteAllText(broken, text.Replace(find, replace).Replace("  using: node24\n", "  using: node20\n"));
            var (code, output) = Validate(broken);
            Assert.NotEqual(0, code);
            Assert.Contains(expected, output);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void The_docs_tables_and_the_readme_name_exactly_the_inputs_and_outputs_of_action_yml()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(tool.RepoRoot, "action.yml"))) yaml.Load(reader);
        var action = (YamlMappingNode)yaml.Documents[0].RootNode;
        string[] Keys(string section) => ((YamlMappingNode)action[section]).Children.Keys.Select(k => k.ToString())
            .Order().ToArray();
        var docs = File.ReadAllText(Path.Combine(tool.RepoRoot, "docs", "github-action.md"));
        // The first cell of each row under the heading, which may name several inputs: | `a`, `b` | meaning |
        string[] Table(string heading)
        {
            var rows = docs[(docs.IndexOf($"### {heading}\n", StringComparison.Ordinal) + heading.Length
                + 5)..].TrimStart().Split("\n\n")[0];
            return Regex.Matches(rows, @"^\| ([^|]+) \|", RegexOptions.Multiline)
                .SelectMany(m => Regex.Matches(m.Groups[1].Value, "`([a-z-]+)`").Select(n => n.Groups[1].Value)).Order()
                    .ToArray();
        }

        Assert.Equal(Keys("inputs"), Table("Inputs"));
        Assert.Equal(Keys("outputs"), Table("Outputs"));
        var readme = File.ReadAllText(Path.Combine(tool.RepoRoot, "README.md"));
        var listed = Regex.Match(readme, @"writes the step outputs \(([^)]+)\)").Groups[1].Value;
        Assert.Equal(
            Keys("outputs"), Regex.Matches(listed, "`([a-z-]+)`").Select(m => m.Groups[1].Value).Order().ToArray());
    }

    private (int, string) Validate(string file)
    {
        var validator = Path.Combine(tool.RepoRoot, "tools", "node", "node_modules", ".bin", "action-validator");
        Assert.True(File.Exists(validator), $"{validator} is missing: run 'bash tools/install-deps.sh'.");
        return Shell.Run(validator, [file], tool.RepoRoot);
    }
}
