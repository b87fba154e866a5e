// The risk history chart of a case. The table beside it holds the same figures, so the page works without this.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("canvas[data-risk-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.riskChart);
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.title,
          data: data.levels,
          stepped: true,
          borderColor: "#842029",
          backgroundColor: "#842029",
          pointRadius: 5,
          spanGaps: false,
        }],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          y: {
            min: 0,
            max: data.level_names.length - 1,
            ticks: { stepSize: 1, callback: (value) => data.level_names[value] },
          },
        },
      },
    });
  });
});
