using System.Text.Json.Nodes;

namespace NewsMonitor.Tests.Infrastructure;

public sealed class ArmExpressionTests
{
    [Fact]
    public void Parse_NestedCallsWithAccessors_BuildsTree()
    {
        var node = ArmExpression.Parse("format('{0}/{1}', reference(parameters('a'), '2020-01-01').endpoints['blob'], variables('names')[copyIndex()])");

        var format = Assert.IsType<ArmCall>(node);
        Assert.Equal("format", format.Name);
        Assert.Equal(3, format.Arguments.Count);
        var endpoint = Assert.IsType<ArmIndex>(format.Arguments[1]);
        Assert.Equal("endpoints", Assert.IsType<ArmProperty>(endpoint.Target).Name);
        Assert.Equal("blob", Assert.IsType<ArmString>(endpoint.Index).Value);
        Assert.Equal("copyIndex", Assert.IsType<ArmCall>(Assert.IsType<ArmIndex>(format.Arguments[2]).Index).Name);
    }

    [Fact]
    public void Parse_DoubledQuote_IsOneQuote()
    {
        Assert.Equal("it's", Assert.IsType<ArmString>(ArmExpression.Parse("'it''s'")).Value);
    }

    [Theory]
    [InlineData("format('a'")]
    [InlineData("'unterminated")]
    [InlineData("concat('a') extra")]
    public void Parse_Malformed_Throws(string expression)
    {
        Assert.Throws<FormatException>(() => ArmExpression.Parse(expression));
    }

    [Theory]
    [InlineData("[[not an expression]", "[not an expression]")]
    [InlineData("plain text", "plain text")]
    public void FromJson_LiteralStrings_AreStrings(string json, string expected)
    {
        Assert.Equal(expected, Assert.IsType<ArmString>(ArmExpression.FromJson(JsonValue.Create(json))).Value);
    }

    [Fact]
    public void FromJson_Expression_IsParsed()
    {
        Assert.IsType<ArmCall>(ArmExpression.FromJson(JsonValue.Create("[parameters('x')]")));
    }
}
