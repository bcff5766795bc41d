import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-RORTSXB4.js";
import "./chunk-FXQ3OG4G.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
