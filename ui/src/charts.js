// Chart.js, registered with only what the views use (tree-shaken build).
import {
  ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Filler, Legend,
  LineController, LineElement, LinearScale, PointElement, Tooltip,
} from 'chart.js';

Chart.register(ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Filler, Legend,
  LineController, LineElement, LinearScale, PointElement, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font') || 'system-ui';
Chart.defaults.color = '#44505c';

export const PALETTE = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16',
  '#f97316', '#64748b', '#14b8a6', '#a855f7'];

/** Create the chart on first use, then update it in place (no flicker, no leaks). */
export function upsertChart(holder, canvas, config) {
  if (holder.chart && holder.chart.canvas === canvas && holder.chart.config.type === config.type) {
    holder.chart.data = config.data;
    holder.chart.options = config.options ?? {};
    holder.chart.update('none');
  } else {
    holder.chart?.destroy();
    holder.chart = new Chart(canvas, config);
  }
  return holder.chart;
}

export function destroyChart(holder) { holder.chart?.destroy(); holder.chart = null; }
