// The chart of a statistics table. The table under it holds the same published figures (a hidden cell is a gap
// here too), so the page works without this script.
document.addEventListener("DOMContentLoaded", () => {
  const colours = ["#0d6efd", "#842029", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384"];
  document.querySelectorAll("canvas[data-stats-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.statsChart);
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map((series, index) => ({
          label: series.label,
          data: series.values,
          backgroundColor: colours[index % colours.length],
        })),
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: data.series.length > 1, position: "bottom" } },
        scales: {
          x: { stacked: data.stacked },
          y: { stacked: data.stacked, beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
  });
});
