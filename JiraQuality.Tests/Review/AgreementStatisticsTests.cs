using JiraQuality.Core.Review;

namespace JiraQuality.Tests.Review;

/// <summary>The agreement figures against values worked out by hand (the working is written beside each test).</summary>
public sealed class AgreementStatisticsTests
{
    [Theory]
    [InlineData(2.5, 3)]
    [InlineData(3.5, 4)]
    [InlineData(2.49, 2)]
    [InlineData(1, 1)]
    [InlineData(4.5, 5)]
    [InlineData(5, 5)]
    public void Half_points_round_up(double score, int expected) => Assert.Equal(expected, AgreementStatistics.Round(score));

    [Fact]
    public void Four_pairs_match_the_hand_calculation()
    {
        // Pairs (human, AI): (4, 3.5) (2, 3.5) (2, 2.5) (1, 1). AI rounded halves up: 4, 4, 3, 1.
        // Rounded differences: 0, 2, 1, 0 → exact 2/4 = 0.5, within one 3/4 = 0.75.
        // Unrounded |differences|: 0.5, 1.5, 0.5, 0 → mean 2.5/4 = 0.625.
        // Kappa, k = 5, w = (i−j)²/16. Observed Σ(i−j)² = 0 + 4 + 1 + 0 = 5 → Σw·O = 5/16.
        // Margins: human 1:1, 2:2, 4:1; AI 1:1, 3:1, 4:2; N = 4. Σ r_i·c_j·(i−j)²:
        //   i=1: (1·1·0) + (1·1·4) + (1·2·9) = 22;  i=2: (2·1·1) + (2·1·1) + (2·2·4) = 20;  i=4: (1·1·9) + (1·1·1) + (1·2·0) = 10 → 52.
        // Σw·E = 52 / (16·4) = 52/64. κ = 1 − (20/64)/(52/64) = 1 − 20/52 = 8/13 ≈ 0.6154.
        var figures = AgreementStatistics.Compute([new(4, 3.5), new(2, 3.5), new(2, 2.5), new(1, 1)]);

        Assert.Equal(4, figures.Pairs);
        Assert.Equal(0.5, figures.ExactAgreement);
        Assert.Equal(0.75, figures.WithinOne);
        Assert.Equal(0.625, figures.MeanAbsoluteDifference!.Value, 12);
        Assert.Equal(8.0 / 13.0, figures.QuadraticWeightedKappa!.Value, 12);
    }

    [Fact]
    public void Kappa_of_a_textbook_table()
    {
        // Pairs (1,1) (2,2) (3,3) (1,3): exact 3/4. Observed Σ(i−j)² = 4 → Σw·O = 4/16.
        // Margins: human 1:2, 2:1, 3:1; AI 1:1, 2:1, 3:2; N = 4. Σ r·c·(i−j)²:
        //   i=1 (r 2): 2·1·0 + 2·1·1 + 2·2·4 = 18;  i=2 (r 1): 1 + 0 + 2·1 = 3;  i=3 (r 1): 4 + 1 + 0 = 5 → 26.
        // Σw·E = 26/64; κ = 1 − (16/64)/(26/64) = 1 − 16/26 = 5/13 ≈ 0.3846. MAD = (0+0+0+2)/4 = 0.5.
        var figures = AgreementStatistics.Compute([new(1, 1), new(2, 2), new(3, 3), new(1, 3)]);

        Assert.Equal(0.75, figures.ExactAgreement);
        Assert.Equal(0.75, figures.WithinOne);
        Assert.Equal(0.5, figures.MeanAbsoluteDifference!.Value, 12);
        Assert.Equal(5.0 / 13.0, figures.QuadraticWeightedKappa!.Value, 12);
    }

    [Fact]
    public void Perfect_agreement_is_kappa_one_and_one_repeated_point_is_undefined()
    {
        Assert.Equal(1.0, AgreementStatistics.Compute([new(1, 1), new(5, 5), new(3, 3)]).QuadraticWeightedKappa!.Value, 12);

        // Both gave 4 every time: no expected disagreement, so kappa has no value (not 0, not 1).
        var same = AgreementStatistics.Compute([new(4, 4), new(4, 4)]);
        Assert.Null(same.QuadraticWeightedKappa);
        Assert.Equal(1, same.ExactAgreement);
    }

    [Fact]
    public void No_pairs_no_figures()
    {
        var none = AgreementStatistics.Compute([]);

        Assert.Equal(0, none.Pairs);
        Assert.Null(none.ExactAgreement);
        Assert.Null(none.WithinOne);
        Assert.Null(none.MeanAbsoluteDifference);
        Assert.Null(none.QuadraticWeightedKappa);
    }

    [Fact]
    public void The_confusion_matrix_counts_rounded_points_by_reviewer_row_and_ai_column()
    {
        var matrix = AgreementStatistics.ConfusionMatrix([new(4, 3.5), new(2, 3.5), new(2, 2.5), new(1, 1)]);

        Assert.Equal(1, matrix[3, 3]);
        Assert.Equal(1, matrix[1, 3]);
        Assert.Equal(1, matrix[1, 2]);
        Assert.Equal(1, matrix[0, 0]);
        Assert.Equal(4, matrix.Cast<int>().Sum());
    }
}
