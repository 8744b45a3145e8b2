using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

using AzSync.EndToEnd.Tests.Support;

namespace AzSync.EndToEnd.Tests.Action;

/// <summary>action.yml and the workflows pass the GitHub schemas (action-validator), and agree with the scripts.</summary>
[Collection(ActionCollection.Name)]
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
        var (code, output) = Validate(Path.Combine(tool.RepoRoot, file));
        Assert.True(code == 0, $"{file}:\n{output}");
    }

    [Theory]
    [InlineData("      shell: bash\n", "", "/runs/steps/0/shell")]
    [InlineData("\noutputs:\n", "\noutput:\n", "Additional property 'output' is not allowed")]
    [InlineData("  using: composite\n", "  using: compose\n", "/runs/using")]
    public void A_broken_action_yml_fails_validation(string find, string replace, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("azsync-broken-action-").FullName;
        try
        {
            var text = File.ReadAllText(Path.Combine(tool.RepoRoot, "action.yml"));
            Assert.Contains(find, text);
            // The validator tells an action from a workflow by the file name.
            var broken = Path.Combine(dir, "action.yml");
            File.WriteAllText(broken, text.Replace(find, replace));
            var (code, output) = Validate(broken);
            Assert.NotEqual(0, code);
            Assert.Contains(expected, output);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Every_input_reaches_a_script_and_every_variable_a_script_reads_is_set()
    {
        var action = File.ReadAllText(Path.Combine(tool.RepoRoot, "action.yml"));
        var scripts = File.ReadAllText(Path.Combine(tool.RepoRoot, "action", "install.sh")) +
                      File.ReadAllText(Path.Combine(tool.RepoRoot, "action", "run.sh"));
        var declared = Regex.Matches(action[..action.IndexOf("\noutputs:", StringComparison.Ordinal)], @"^  ([a-z-]+):$", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToHashSet();
        var mapped = Regex.Matches(action, @"^\s+(INPUT_[A-Z_]+): \$\{\{ inputs\.([a-z-]+) \}\}$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

        Assert.Equal(declared.Order(), mapped.Values.Order());
        foreach (var (variable, input) in mapped)
        {
            Assert.Equal("INPUT_" + input.ToUpperInvariant().Replace('-', '_'), variable);
            Assert.Contains(variable, scripts);
        }
        foreach (var used in Regex.Matches(scripts, @"INPUT_[A-Z_]+").Select(m => m.Value).Distinct())
            Assert.True(mapped.ContainsKey(used), $"a script reads {used}, which action.yml never sets");
    }

    [Fact]
    public void The_docs_tables_and_the_readme_name_exactly_the_inputs_and_outputs_of_action_yml()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(tool.RepoRoot, "action.yml"))) yaml.Load(reader);
        var action = (YamlMappingNode)yaml.Documents[0].RootNode;
        string[] Keys(string section) => ((YamlMappingNode)action[section]).Children.Keys.Select(k => k.ToString()).Order().ToArray();
        var docs = File.ReadAllText(Path.Combine(tool.RepoRoot, "docs", "github-action.md"));
        // The first cell of each row under the heading, which may name several inputs: | `a`, `b` | meaning |
        string[] Table(string heading)
        {
            var rows = docs[(docs.IndexOf($"### {heading}\n", StringComparison.Ordinal) + heading.Length + 5)..].TrimStart().Split("\n\n")[0];
            return Regex.Matches(rows, @"^\| ([^|]+) \|", RegexOptions.Multiline)
                .SelectMany(m => Regex.Matches(m.Groups[1].Value, "`([a-z-]+)`").Select(n => n.Groups[1].Value)).Order().ToArray();
        }

        Assert.Equal(Keys("inputs"), Table("Inputs"));
        Assert.Equal(Keys("outputs"), Table("Outputs"));
        var readme = File.ReadAllText(Path.Combine(tool.RepoRoot, "README.md"));
        var listed = Regex.Match(readme, @"writes the step outputs \(([^)]+)\)").Groups[1].Value;
        Assert.Equal(Keys("outputs"), Regex.Matches(listed, "`([a-z-]+)`").Select(m => m.Groups[1].Value).Order().ToArray());
    }

    private (int, string) Validate(string file)
    {
        var validator = Path.Combine(tool.RepoRoot, "tools", "node", "node_modules", ".bin", "action-validator");
        Assert.True(File.Exists(validator), $"{validator} is missing: run 'bash tools/install-deps.sh'.");
        return Shell.Run(validator, [file], tool.RepoRoot);
    }
}
