import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-BAUV7QW7.js";
import "./chunk-W75YMBBR.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
