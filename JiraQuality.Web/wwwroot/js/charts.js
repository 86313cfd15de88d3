// Small bridge between Blazor and ApexCharts: load the bundle once, then render, update and dispose charts.
let loading;

function loadLibrary() {
    if (window.ApexCharts) {
        return Promise.resolve();
    }
    if (!loading) {
        loading = new Promise((resolve, reject) => {
            const script = document.createElement('script');
            script.src = 'lib/apexcharts/apexcharts.min.js';
            script.onload = () => resolve();
            script.onerror = () => reject(new Error('The chart library could not be loaded.'));
            document.head.appendChild(script);
        });
    }
    return loading;
}

const charts = new WeakMap();

export async function render(element, options) {
    await loadLibrary();
    if (!element) {
        return;
    }
    const existing = charts.get(element);
    if (existing) {
        await existing.updateOptions(options, true, false);
        return;
    }
    const chart = new window.ApexCharts(element, options);
    charts.set(element, chart);
    await chart.render();
}

export function dispose(element) {
    const chart = element && charts.get(element);
    if (chart) {
        chart.destroy();
        charts.delete(element);
    }
}
